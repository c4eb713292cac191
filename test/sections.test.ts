import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { normalizeText } from "../pipeline/stages/normalize.js";
import { segmentSections } from "../pipeline/stages/sections.js";
import { ZH_SECTION_ANCHORS } from "../extractors/patterns/zh/sections.js";
import { utf8SampleTexts } from "./fixtures/sampleTexts.js";

/** kind → the first six non-space characters of that section */
function outline(text: string): [string, string][] {
  const t = normalizeText(text).text;
  return segmentSections(t).map((s) => [s.kind, t.slice(s.start, s.end).replace(/\s/g, "").slice(0, 6)]);
}

const FIRST_INSTANCE = "被告人李某某帮助信息网络犯罪活动罪一审刑事判决书 四川省成都市武侯区人民法院 刑事判决书 （2021）川0107刑初88号 公诉机关成都市武侯区人民检察院。 被告人李某某，男，1998年3月5日出生。 辩护人王某，某律师事务所律师。 成都市武侯区人民检察院以武检刑诉〔2021〕80号起诉书指控被告人李某某犯帮助信息网络犯罪活动罪，于2021年4月1日向本院提起公诉。本院适用简易程序，公开开庭审理了本案。 公诉机关指控：2020年9月，被告人李某某将银行卡出售给他人。 被告人李某某对指控的事实无异议。 经审理查明：2020年9月，被告人李某某将本人银行卡两张出售给他人，获利800元。 上述事实，有证人证言、银行流水等证据证实，足以认定。 本院认为，被告人李某某的行为已构成帮助信息网络犯罪活动罪。辩护人关于从轻处罚的辩护意见，本院予以采纳。依照《中华人民共和国刑法》第二百八十七条之二之规定，判决如下： 被告人李某某犯帮助信息网络犯罪活动罪，判处有期徒刑六个月，并处罚金人民币二千元。 如不服本判决，可在接到判决书的第二日起十日内提出上诉。 审判员赵某 二〇二一年五月十日 书记员钱某 附：相关法律条文 《中华人民共和国刑法》第二百八十七条之二";

describe("segmentSections", () => {
  it("finds every section of a first-instance judgment joined by spaces", () => {
    expect(outline(FIRST_INSTANCE)).toEqual([
      ["header", "被告人李某某"],
      ["parties", "公诉机关成都"],
      ["procedure", "成都市武侯区"],
      ["prosecution", "公诉机关指控"],
      ["defence", "被告人李某某"],
      ["facts", "经审理查明："],
      ["evidence", "上述事实，有"],
      ["reasoning", "本院认为，被"],
      ["judgment", "被告人李某某"],
      ["appeal-notice", "如不服本判决"],
      ["signature", "审判员赵某二"],
      ["appendix", "附：相关法律"],
    ]);
  });

  it("does not let a defence opinion quoted in the reasoning swallow the facts", () => {
    const kinds = outline(FIRST_INSTANCE).map(([k]) => k);
    expect(kinds.indexOf("facts")).toBeLessThan(kinds.indexOf("reasoning"));
  });

  it("takes the appeal's own 判决如下, not the quoted first-instance one", () => {
    const appeal = "浙江省杭州市中级人民法院 刑事判决书 （2022）浙01刑终12号 原公诉机关杭州市某区人民检察院。 上诉人（原审被告人）孙某，男。 杭州市某区人民法院审理某区人民检察院指控原审被告人孙某犯帮助信息网络犯罪活动罪一案，于2021年12月1日作出（2021）浙0105刑初9号刑事判决。原审被告人孙某不服，提出上诉。 原判认定：孙某出售银行卡。原审法院依照…之规定，判决如下：被告人孙某犯帮助信息网络犯罪活动罪，判处有期徒刑一年。 本院认为，原判量刑过重。依照…之规定，判决如下： 一、撤销原判。 二、上诉人孙某犯帮助信息网络犯罪活动罪，判处有期徒刑十个月。 本判决为终审判决。 审判长周某 二〇二二年三月一日";
    const o = outline(appeal);
    expect(o.find(([k]) => k === "judgment")).toEqual(["judgment", "一、撤销原判"]);
    expect(o.find(([k]) => k === "facts")).toEqual(["facts", "原判认定：孙"]);
    expect(o.find(([k]) => k === "appeal-notice")).toEqual(["appeal-notice", "本判决为终审"]);
  });

  it("returns only a header for text without anchors", () => {
    expect(outline("今天天气很好。")).toEqual([["header", "今天天气很好"]]);
  });

  describe("literal pre-checks (needs)", () => {
    // the same rows without their pre-checks: every position of the window is tried
    const unchecked = ZH_SECTION_ANCHORS.map(({ needs: _needs, ...row }) => row);
    const samples = utf8SampleTexts();

    it("are used by at least the four run-up rows", () => {
      expect(ZH_SECTION_ANCHORS.filter((r) => r.needs).map((r) => r.kind)).toEqual(["procedure", "prosecution", "defence", "evidence"]);
    });

    it("change no section of the sample judgments", () => {
      expect(samples.length).toBeGreaterThanOrEqual(20);
      for (const t of [FIRST_INSTANCE, ...samples]) {
        const text = normalizeText(t).text;
        expect(segmentSections(text)).toEqual(segmentSections(text, unchecked));
      }
    });

    it("change no section of judgments pieced together from anchor phrases (fast-check)", () => {
      // key phrases at every distance from a boundary: too small a maxOffset or too narrow a startsAt shows here
      const pieces = [
        "上述事实", "认定上述事实", "认定以上犯罪事实", "前述事实", "证据如下：", "证实有：", "，", "。", " ", "；", "）", "被告人李某某", "辩护人王某",
        "成都市武侯区人民检察院以武检刑诉〔2021〕80号起诉书", "提起公诉", "审理了本案", "本院受理后", "本院依法", "本案现已审理终结", "公诉机关指控：",
        "检察院起诉指控", "抗诉机关认为", "辩称", "提出辩护意见", "对指控无异议", "上诉人提出上诉称", "经审理查明：", "有证人证言等证据证实", "予以证明",
        "本院认为", "判决如下：", "如不服本判决", "审判员赵某", "出售银行卡两张", "某某某某某某某某某某", "公诉机关成都市人民检察院",
      ];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 60 }), (parts) => {
          const text = normalizeText(parts.join("")).text;
          expect(segmentSections(text)).toEqual(segmentSections(text, unchecked));
        }),
        { numRuns: 2000, seed: 20261122 },
      );
    });
  });
});
