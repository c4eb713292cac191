import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { normalizeText } from "../pipeline/stages/normalize.js";
import { segmentSections } from "../pipeline/stages/sections.js";
import { splitDefendantBlocks, type DefendantBlock } from "../pipeline/stages/defendants.js";
import { extractPartyFacts } from "../extractors/party.js";
import { PARTY_START_BOUNDARY, ZH_DEFENDANT_ROLES, ZH_OTHER_PARTY_ROLES, ZH_PARTY_TERMINATORS } from "../extractors/patterns/zh/party.js";

// Invented snippets modelled on the phrasing of published judgments (not copied from any).

function blocksOf(original: string): { text: string; blocks: DefendantBlock[] } {
  const view = normalizeText(original);
  return { text: view.text, blocks: splitDefendantBlocks(view.text, segmentSections(view.text)) };
}

function names(original: string): string[] {
  return blocksOf(original).blocks.map((b) => b.name);
}

const PROCEDURE = "某某市某某区人民检察院以某检刑诉(2021)88号起诉书指控被告人犯帮助信息网络犯罪活动罪，于2021年5月6日向本院提起公诉。本院依法适用简易程序，公开开庭审理了本案。现已审理终结。";
const TAIL = "经审理查明，2020年10月，被告人将本人名下银行卡出售给他人。本院认为，其行为已构成帮助信息网络犯罪活动罪。判决如下：一、被告人犯帮助信息网络犯罪活动罪，判处有期徒刑六个月。如不服本判决，可在接到判决书的第二日起十日内提起上诉。 审判员某某 二〇二一年六月一日";

function judgment(parties: string[], joiner = " "): string {
  return ["某某市某某区人民法院", "刑事判决书", "(2021)某0101刑初123号", "公诉机关某某市某某区人民检察院。", ...parties, PROCEDURE, TAIL].join(joiner);
}

describe("splitDefendantBlocks", () => {
  it("finds a single defendant and spans its own paragraph", () => {
    const doc = judgment([
      "被告人周小明，男，1996年3月8日出生，汉族，初中文化，无业，户籍地湖南省某县。因涉嫌犯帮助信息网络犯罪活动罪于2021年1月5日被刑事拘留，同年2月3日被逮捕。",
    ]);
    const { text, blocks } = blocksOf(doc);
    expect(blocks).toHaveLength(1);
    const b = blocks[0];
    expect(b).toMatchObject({ name: "周小明", kind: "person", role: "被告人", rule: "zh.party.role.defendant" });
    expect(text.slice(b.nameStart, b.nameEnd)).toBe("周小明");
    expect(text.slice(b.start, b.end)).toMatch(/^被告人周小明，男.*被逮捕。$/);
  });

  it("lists three or more defendants in order and ignores 辩护人 paragraphs", () => {
    const doc = judgment([
      "被告人甲一，男，1990年1月1日出生，汉族，无业。",
      "辩护人孙某，某某律师事务所律师。",
      "被告人乙二，女，1992年2月2日出生，汉族，务工。",
      "指定辩护人钱某，某某市法律援助中心律师。",
      "被告人丙三，男，1993年3月3日出生，汉族，农民。",
      "被告人丁四，男，1994年4月4日出生，汉族，学生。",
      "辩护人赵某、李某，某某律师事务所律师。",
    ]);
    const { text, blocks } = blocksOf(doc);
    expect(blocks.map((b) => b.name)).toEqual(["甲一", "乙二", "丙三", "丁四"]);
    for (const b of blocks) expect(text.slice(b.start, b.end)).not.toContain("辩护人");
    expect(text.slice(blocks[1].start, blocks[1].end)).toBe("被告人乙二，女，1992年2月2日出生，汉族，务工。");
  });

  it("reads a unit defendant, keeps its 诉讼代表人 in its block, and the responsible person after it", () => {
    const doc = judgment([
      "被告单位深圳市某某科技有限公司，住所地深圳市南山区某路1号，法定代表人王某。",
      "诉讼代表人刘某，该公司行政经理。",
      "辩护人陈某，某某律师事务所律师。",
      "被告人王某，男，1985年7月7日出生，汉族，大学本科文化，系被告单位法定代表人。因本案于2021年3月1日被取保候审。",
    ]);
    const { text, blocks } = blocksOf(doc);
    expect(blocks.map((b) => [b.name, b.kind, b.role])).toEqual([
      ["深圳市某某科技有限公司", "unit", "被告单位"],
      ["王某", "person", "被告人"],
    ]);
    expect(text.slice(blocks[0].start, blocks[0].end)).toContain("诉讼代表人刘某");
    expect(text.slice(blocks[0].start, blocks[0].end)).not.toContain("辩护人");
    expect(blocks.some((b) => b.name === "刘某")).toBe(false);
  });

  it("handles an appeal: 上诉人(原审被告人) and a non-appealing 原审被告人, but not a civil appellant", () => {
    const doc = [
      "某某省某某市中级人民法院 刑事判决书 (2021)某01刑终45号",
      "原公诉机关某某市某某区人民检察院。",
      "上诉人（原审附带民事诉讼原告人）孙某，男，1960年1月1日出生。",
      "上诉人（原审被告人）吴大伟，男，1991年5月5日出生，汉族，高中文化，无业。因本案于2020年9月9日被刑事拘留，同年10月10日被逮捕。",
      "辩护人郑某，某某律师事务所律师。",
      "原审被告人冯小强，男，1993年6月6日出生，汉族，初中文化，农民。因本案于2020年9月9日被取保候审。",
      "某某市某某区人民法院审理某某市某某区人民检察院指控原审被告人吴大伟、冯小强犯帮助信息网络犯罪活动罪一案，于2021年2月2日作出(2021)某0102刑初9号刑事判决。原审被告人吴大伟不服，提出上诉。",
      "本院认为，上诉人吴大伟的行为已构成帮助信息网络犯罪活动罪。判决如下：驳回上诉，维持原判。本判决为终审判决。",
    ].join(" ");
    const { blocks } = blocksOf(doc);
    expect(blocks.map((b) => [b.name, b.role])).toEqual([
      ["吴大伟", "上诉人(原审被告人)"],
      ["冯小强", "原审被告人"],
    ]);
    expect(blocks[0].rule).toBe("zh.party.role.appellant");
  });

  it("keeps masked names as written", () => {
    const doc = judgment([
      "被告人张×，男，1990年**月**日出生。",
      "被告人李某某，女。",
      "被告人牟某甲，男。",
      "被告人Ｘ，男。",
      "被告人王**，男。",
      "被告人董某2，男。",
    ]);
    expect(names(doc)).toEqual(["张×", "李某某", "牟某甲", "X", "王**", "董某2"]);
  });

  it("reads names before aliases, colons, self-reports and brackets", () => {
    const doc = judgment([
      "被告人：魏某，曾用名魏某某，男，1995年3月18日出生。",
      "被告人杨某礼（别名杨某某），男。",
      "被告人路某伟，又名路某，男。",
      "被告人自报胡某福，男，1986年4月12日出生。",
      "被告人李某阳(自报)，男。",
      "被告人茹X·Y，女，维吾尔族。",
      "被告人阿不都·买买提。",
    ]);
    expect(names(doc)).toEqual(["魏某", "杨某礼", "路某伟", "胡某福", "李某阳", "茹X·Y", "阿不都·买买提"]);
  });

  it("does not take a title, a 法定代理人, a 被害人 or a 附带民事诉讼原告人 for a defendant", () => {
    const doc = [
      "被告人钱某犯帮助信息网络犯罪活动罪一审刑事判决书 某某县人民法院 刑事判决书 (2021)某0102刑初7号",
      "公诉机关某某县人民检察院。",
      "附带民事诉讼原告人赵某，女，1970年1月1日出生。",
      "被害人孙某某，男。",
      "被告人钱某，男，2003年5月1日出生，汉族，高中文化，学生。",
      "法定代理人钱某某，男，1975年4月4日出生，系被告人钱某父亲。",
      PROCEDURE, TAIL,
    ].join(" ");
    const { text, blocks } = blocksOf(doc);
    expect(blocks.map((b) => b.name)).toEqual(["钱某"]);
    expect(text.slice(blocks[0].start, blocks[0].end)).toBe("被告人钱某，男，2003年5月1日出生，汉族，高中文化，学生。");
  });

  it("ends a block at a counsel paragraph that names the defendant first", () => {
    const doc = judgment([
      "被告人甲某，男，汉族。",
      "被告人甲某的辩护人乙某，某某律师事务所律师。",
      "被告人丙某，女，汉族。",
    ]);
    const { text, blocks } = blocksOf(doc);
    expect(blocks.map((b) => b.name)).toEqual(["甲某", "丙某"]);
    expect(text.slice(blocks[0].start, blocks[0].end)).toBe("被告人甲某，男，汉族。");
  });

  it("does not end the party list at a defendant paragraph that mentions 一案 or 起诉书 early", () => {
    const doc = judgment([
      "被告人甲某，男，汉族，无业。",
      "被告人乙某，男，因涉嫌诈骗一案于2021年1月1日被刑事拘留。",
      "被告人丙某，女，曾被某某检察院以盗窃罪起诉。",
    ]);
    expect(names(doc)).toEqual(["甲某", "乙某", "丙某"]);
  });

  it("finds an appellant right after the case number when the separator was lost", () => {
    const doc = "某某市中级人民法院刑事判决书(2019)某01刑终619号上诉人(原审被告人)董某，男，1984年9月2日出生。辩护人王某，律师。 某某区人民法院审理某某区人民检察院指控原审被告人董某犯危险驾驶罪一案，于2019年4月29日作出判决。原审被告人董某不服，提出上诉。";
    expect(names(doc)).toEqual(["董某"]);
  });

  it("deduplicates a defendant named again at a sentence start of its own paragraph", () => {
    const doc = judgment([
      "被告人阮某荣，男，1982年5月11日出生，汉族。被告人阮某荣因吸食毒品于2016年5月15日被行政拘留二日。被告人阮某荣，因涉嫌犯贩卖毒品罪，于2016年5月15日被刑事拘留。",
    ]);
    const { text, blocks } = blocksOf(doc);
    expect(blocks).toHaveLength(1);
    expect(text.slice(blocks[0].start, blocks[0].end)).toContain("于2016年5月15日被刑事拘留");
  });

  it("works with line breaks, with single spaces and with no separator at all", () => {
    const parties = ["被告人甲某，男，无业。", "辩护人乙某，律师。", "被告人丙某，女，农民。"];
    for (const joiner of ["\n", " ", ""]) {
      expect(names(judgment(parties, joiner))).toEqual(["甲某", "丙某"]);
    }
  });

  it("works on spaced-out text after normalizeText", () => {
    const doc = judgment([
      "被告人周小明，男，1996年3月8日出生，汉族，无业。",
      "辩护人孙某，律师。",
      "被告人吴某某，女，1998年8月8日出生，汉族，务工。",
    ]);
    const spaced = doc.split("").join(" ");
    const { text, blocks } = blocksOf(spaced);
    expect(blocks.map((b) => b.name)).toEqual(["周小明", "吴某某"]);
    expect(text.slice(blocks[1].start, blocks[1].end)).toBe("被告人吴某某，女，1998年8月8日出生，汉族，务工。");
  });

  it("ends the last block where the procedural history starts, even without a section anchor", () => {
    const doc = "某某县人民法院 刑事判决书 公诉机关某某县人民检察院。 被告人甲某，男，无业。 公诉机关以某检刑诉(2019)号12号起诉书指控被告人甲某犯危险驾驶罪。本院适用速裁程序审理了本案。 公诉机关指控：2019年1月1日…";
    const { text, blocks } = blocksOf(doc);
    expect(text.slice(blocks[0].start, blocks[0].end)).toBe("被告人甲某，男，无业。");
  });

  it("gives a block to a defendant whose paragraph is only the name (composed records)", () => {
    const doc = "熊某帮助信息网络犯罪活动一审刑事判决书\n北京市某某人民法院\n(2022)京01刑初2号\n公诉机关北京市某某人民检察院\n被告人熊某\n辩护人伏某，北京市某某律师事务所律师\n2021年1月至3月间，被告人熊某将自己的银行卡出售给他人。\n本院认为，被告人熊某的行为已构成帮助信息网络犯罪活动罪。";
    const { blocks } = blocksOf(doc);
    expect(blocks.map((b) => [b.name, b.role])).toEqual([["熊某", "被告人"]]);
  });

  it("falls back to defendants named in the prosecution or the result when no party paragraph exists", () => {
    const doc = "经审理查明：被告人韩某、被告人曹某某于2021年出售银行卡。 本院认为，被告人韩某、曹某某犯帮助信息网络犯罪活动罪，事实清楚。";
    const { text, blocks } = blocksOf(doc);
    expect(blocks.map((b) => b.name)).toEqual(["韩某", "曹某某"]);
    for (const b of blocks) {
      expect(b.rule.startsWith("zh.party.block.mention")).toBe(true);
      expect(text.slice(b.nameStart, b.nameEnd)).toBe(b.name);
    }
  });

  it("never yields zero blocks for a judgment that introduces a defendant (property)", () => {
    const pool = ["甲某", "乙某某", "丙×", "丁某1", "戊某甲", "己X"];
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(" ", "\n", ""),
        fc.boolean(),
        (defendants, joiner, withCounsel) => {
          const parties = defendants.flatMap((n, i) => [
            `被告人${n}，${i % 2 === 0 ? "男" : "女"}，199${i}年${i + 1}月${i + 2}日出生，汉族，无业。`,
            ...(withCounsel ? [`辩护人律${i}，某某律师事务所律师。`] : []),
          ]);
          const { text, blocks } = blocksOf(judgment(parties, joiner));
          expect(blocks.map((b) => b.name)).toEqual(defendants);
          for (const b of blocks) {
            const body = text.slice(b.start, b.end);
            expect(body.startsWith(`被告人${b.name}`)).toBe(true);
            expect(body).not.toContain("辩护人");
            expect(body).not.toContain("起诉书");
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("never throws and keeps every span inside its block on fragment soup (property)", () => {
    const fragments = [
      "被告人", "被告单位", "上诉人(原审被告人)", "原审被告人", "辩护人", "诉讼代表人", "公诉机关", "被害人", "的辩护人",
      "张某", "李某某", "王×", "某某科技有限公司", "，", "。", "；", " ", "\n", "(", ")", "：", "、",
      "男", "女", "汉族", "1990年1月1日出生", "出生于", "初中文化", "无业", "农民", "户籍地某省某县", "住某市",
      "曾因犯盗窃罪被判处有期徒刑一年", "刑满释放", "因涉嫌犯帮助信息网络犯罪活动罪", "于2021年3月4日被刑事拘留",
      "同年4月5日被逮捕", "次日", "同日被取保候审", "20219月3日", "同月**日", "系累犯", "行政拘留十日",
      "某某人民检察院以某检刑诉(2021)1号起诉书指控", "本院认为", "犯", "罪",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 60 }), fc.string({ maxLength: 20 }), (parts, noise) => {
        const original = parts.join("") + noise;
        const view = normalizeText(original);
        const text = view.text;
        const blocks = splitDefendantBlocks(text, segmentSections(text));
        for (const b of blocks) {
          expect(0 <= b.start && b.start <= b.nameStart && b.nameStart < b.nameEnd && b.nameEnd <= b.end && b.end <= text.length).toBe(true);
          expect(text.slice(b.nameStart, b.nameEnd)).toBe(b.name);
          const f = extractPartyFacts(text, b, "2022-01-01");
          const spans = [f.gender, f.birthDate, f.ageAtJudgment, f.ethnicity, f.education, f.occupation, f.residence, ...f.custody,
            f.priorRecord.recidivist, f.priorRecord.priorConviction, f.priorRecord.priorAdministrativePenalty];
          for (const x of spans) if (x !== null) expect(b.start <= x.start && x.start <= x.end && x.end <= b.end).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("party-start and terminator rows stay bounded", () => {
  // splitDefendantBlocks scans only MATCH_MARGIN (400) characters past the parties region; that is
  // exact only while no row can match more than that, i.e. while every quantifier is bounded.
  const UNBOUNDED = /(?<!\\)[+*]|\{\d+,\}/;
  const sources = (rows: readonly { re: string | RegExp }[]) => rows.map((r) => (typeof r.re === "string" ? r.re : r.re.source));

  it("has no +, * or {n,} in any role, other-party or terminator row", () => {
    const all = [...sources(ZH_DEFENDANT_ROLES), ...sources(ZH_OTHER_PARTY_ROLES), ...sources(ZH_PARTY_TERMINATORS), PARTY_START_BOUNDARY];
    expect(all.filter((src) => UNBOUNDED.test(src))).toEqual([]);
    expect(UNBOUNDED.test(String.raw`[^。\s]{0,40}检察院`)).toBe(false);
    expect([String.raw`[^。]+检察院`, String.raw`\s*`, String.raw`.{3,}`].map((src) => UNBOUNDED.test(src))).toEqual([true, true, true]);
  });

  it("finds the same blocks when the parties region ends long before the text does", () => {
    const tail = "本院认为，被告人王某的行为构成帮助信息网络犯罪活动罪。".repeat(60);
    const { text, blocks } = blocksOf(
      "江苏省某市某区人民法院\n刑事判决书\n(2022)苏0102刑初1号\n公诉机关某市某区人民检察院。\n被告人王某，男，1990年1月1日出生，汉族。\n" +
        "被告人李某某，女，1992年2月2日出生。\n某市某区人民检察院以某检刑诉〔2022〕1号起诉书指控被告人王某、李某某犯帮助信息网络犯罪活动罪，于2022年3月1日向本院提起公诉。\n" + tail,
    );
    expect(text.length).toBeGreaterThan(1000);
    expect(blocks.map((b) => [b.name, text.slice(b.start, b.end)])).toEqual([
      ["王某", "被告人王某，男，1990年1月1日出生，汉族。"],
      ["李某某", "被告人李某某，女，1992年2月2日出生。"],
    ]);
  });
});
