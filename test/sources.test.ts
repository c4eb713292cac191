import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Readable } from "node:stream";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  composeText,
  decodeBytes,
  DecodeError,
  FIELD_MAPS,
  htmlToText,
  mapRecord,
  readSources,
  type ComposeTable,
  type SourceDocument,
  type SourceItem,
} from "../pipeline/sources/index.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/sources", import.meta.url));
const fixture = (...parts: string[]) => join(FIXTURES, ...parts);
const fileUri = (path: string) => "file://" + path;
const sha256 = (data: string | Uint8Array) => "sha256:" + createHash("sha256").update(data).digest("hex");

async function collect(inputs: string[], opts?: Parameters<typeof readSources>[1]): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of readSources(inputs, opts)) items.push(item);
  return items;
}

function docs(items: SourceItem[]): SourceDocument[] {
  return items.flatMap((item) => (item.kind === "doc" ? [item.doc] : []));
}

async function onlyDoc(inputs: string[], opts?: Parameters<typeof readSources>[1]): Promise<SourceDocument> {
  const items = await collect(inputs, opts);
  expect(items).toHaveLength(1);
  expect(items[0].kind).toBe("doc");
  return (items[0] as { kind: "doc"; doc: SourceDocument }).doc;
}

/** Each section as [kind, the text it covers]: checks kinds and offsets at once. */
function sectionTexts(doc: SourceDocument): [string, string][] {
  return (doc.sections ?? []).map((s) => [s.kind, doc.text.slice(s.start, s.end)]);
}

function stdinOf(content: string | Buffer): NodeJS.ReadableStream {
  return Readable.from([typeof content === "string" ? Buffer.from(content) : content]);
}

const JUDGMENT_TXT = [
  "浙江省某某县人民法院",
  "刑事判决书",
  "（2021）浙0000刑初001号",
  "公诉机关浙江省某某县人民检察院。",
  "被告人张某，男，1999年3月5日出生，汉族。",
  "经审理查明：2020年10月，被告人张某明知他人利用信息网络实施犯罪，仍将其名下银行卡出租给他人使用，该卡流入资金共计人民币52万元。",
  "本院认为，被告人张某的行为已构成帮助信息网络犯罪活动罪。",
  "被告人张某犯帮助信息网络犯罪活动罪，判处有期徒刑八个月，并处罚金人民币三千元。",
].join("\n") + "\n";

let tmp: string;
const tmpPath = (name: string) => join(tmp, name);
function writeTmp(name: string, content: string | Uint8Array): string {
  const path = tmpPath(name);
  writeFileSync(path, content);
  return path;
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "bangxin-sources-"));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe("decodeBytes", () => {
  it("decodes UTF-8, UTF-8 with BOM, UTF-16 LE/BE with BOM and GB18030, without the BOM", () => {
    const text = "被告人张某犯帮助信息网络犯罪活动罪。";
    expect(decodeBytes(Buffer.from(text))).toEqual({ text, encoding: "utf8" });
    expect(decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({ text, encoding: "utf8-bom" });
    expect(decodeBytes(iconv.encode(text, "utf16le", { addBOM: true }))).toEqual({ text, encoding: "utf16le" });
    expect(decodeBytes(iconv.encode(text, "utf16be", { addBOM: true }))).toEqual({ text, encoding: "utf16be" });
    expect(decodeBytes(iconv.encode(text, "gb18030"))).toEqual({ text, encoding: "gb18030" });
  });

  it("throws a DecodeError naming the problem for binary data and unknown encodings", () => {
    expect(() => decodeBytes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]))).toThrow(
      new DecodeError("binary file, not a text document", "binary"),
    );
    // Latin-1 French is neither UTF-8 nor mostly-Chinese GB18030.
    expect(() => decodeBytes(Buffer.from("Caf\xe9 cr\xe8me br\xfbl\xe9e", "latin1"))).toThrow("invalid or unknown text encoding");
  });
});

describe(".txt files", () => {
  it("reads a UTF-8 file unchanged, id = stem, hash of the bytes", async () => {
    const path = fixture("txt", "bangxin-2021-001.txt");
    const doc = await onlyDoc([path]);
    expect(doc).toEqual({
      id: "bangxin-2021-001",
      uri: fileUri(path),
      format: "txt",
      text: JUDGMENT_TXT,
      contentHash: sha256(readFileSync(path)),
      fetchedAt: null,
      encoding: "utf8",
    });
  });

  it.each([
    ["gb18030", (s: string) => iconv.encode(s, "gb18030"), "gb18030"],
    ["utf8 BOM", (s: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s)]), "utf8-bom"],
    ["utf16le BOM", (s: string) => iconv.encode(s, "utf16le", { addBOM: true }), "utf16le"],
    ["utf16be BOM", (s: string) => iconv.encode(s, "utf16be", { addBOM: true }), "utf16be"],
    ["utf8 CRLF", (s: string) => Buffer.from(s.replace(/\n/g, "\r\n")), "utf8"],
  ])("decodes %s to the same text", async (name, encode, encoding) => {
    const bytes = encode(JUDGMENT_TXT);
    const path = writeTmp(`判决-${name.replace(/\s/g, "-")}.txt`, bytes);
    const doc = await onlyDoc([path]);
    expect(doc.id).toBe(`判决-${name.replace(/\s/g, "-")}`);
    expect(doc.text).toBe(JUDGMENT_TXT);
    expect(doc.encoding).toBe(encoding);
    expect(doc.contentHash).toBe(sha256(bytes));
  });
});

describe(".html files", () => {
  const expectedCjoPage = [
    "浙江省某某县人民法院",
    "刑事判决书",
    "（2021）浙0000刑初002号",
    "公诉机关浙江省某某县人民检察院。",
    "被告人李某，男，1998年出生。",
    "辩护人王某，浙江某某律师事务所律师。",
    "经审理查明：2021年1月，被告人李某将其办理的电话卡<两张>出售给他人，获利¥200元。",
    "本院认为，被告人李某“明知”他人利用信息网络实施犯罪，仍提供通讯传输帮助。",
    "被告人李某犯帮助信息网络犯罪活动罪，判处有期徒刑六个月。",
    "审判长 赵某",
    "书记员 钱某",
  ].join("\n");

  it("reduces a CJO-style page: blocks to lines, script/style/head dropped, entities decoded", async () => {
    const path = fixture("html", "cjo-page.html");
    const doc = await onlyDoc([path]);
    expect(doc).toEqual({
      id: "cjo-page",
      uri: fileUri(path),
      format: "html",
      text: expectedCjoPage,
      contentHash: sha256(readFileSync(path)),
      fetchedAt: null,
      encoding: "utf8",
    });
  });

  it("decodes a GB18030 page by its <meta> charset (gb2312) and one without a declaration by its bytes", async () => {
    const page = readFileSync(fixture("html", "cjo-page.html"), "utf8");
    const declared = writeTmp("gbk-meta.html", iconv.encode(page.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'), "gb18030"));
    const undeclared = writeTmp("gbk-bare.htm", iconv.encode(page.replace('<meta charset="utf-8">', ""), "gb18030"));
    const [a, b] = docs(await collect([declared, undeclared]));
    expect(a.text).toBe(expectedCjoPage);
    expect(a.encoding).toBe("gb18030");
    expect(b.text).toBe(expectedCjoPage);
    expect(b.id).toBe("gbk-bare");
    expect(b.encoding).toBe("gb18030");
  });

  it("htmlToText collapses blank lines and joins source line breaks inside Chinese text", () => {
    expect(htmlToText("<div>甲，\n  乙</div>\n\n<div>   </div><p>A\nB</p><div>丙<br/><br/>丁</div>")).toBe("甲，乙\nA B\n丙\n丁");
  });
});

describe(".json files", () => {
  it("reads a single CJO object, preferring qwContent (HTML) over the s-fields", async () => {
    const path = fixture("json", "cjo-new-qw.json");
    const doc = await onlyDoc([path]);
    expect(doc).toEqual({
      id: "a1b2c3d4e5f60718293a4b5c6d7e8f90",
      uri: fileUri(path),
      format: "json",
      text: [
        "浙江省某某县人民法院",
        "刑事判决书",
        "（2021）浙0000刑初002号",
        "公诉机关浙江省某某县人民检察院。",
        "被告人李某，男，1998年出生。",
        "经审理查明：2021年1月，被告人李某将电话卡两张出售给他人。",
        "本院认为，被告人李某的行为已构成帮助信息网络犯罪活动罪。",
        "被告人李某犯帮助信息网络犯罪活动罪，判处有期徒刑六个月。",
        "二〇二一年六月一日",
      ].join("\n"),
      contentHash: sha256(readFileSync(path)),
      fetchedAt: null,
      recordFormat: "cjo",
    });
  });

  describe("an array of records from several datasets", () => {
    const path = fixture("json", "records.json");
    const raw = JSON.parse(readFileSync(path, "utf8")) as unknown[];
    let items: SourceItem[];
    beforeAll(async () => {
      items = await collect([path]);
    });

    it("emits one item per element, uri #<index>, hash of the element's JSON", () => {
      expect(items.map((i) => (i.kind === "doc" ? i.doc.uri : i.uri))).toEqual(raw.map((_, i) => `${fileUri(path)}#${i}`));
      expect(items.map((i) => i.kind)).toEqual(["doc", "doc", "doc", "doc", "doc", "error", "error"]);
      expect(docs(items).map((d) => d.contentHash)).toEqual(raw.slice(0, 5).map((r) => sha256(JSON.stringify(r))));
      expect(docs(items).map((d) => [d.id, d.recordFormat, d.format])).toEqual([
        ["b2c3d4e5f60718293a4b5c6d7e8f9001", "cjo", "json"],
        ["c3d4e5f6-0718-293a-4b5c-6d7e8f900102", "cjo-old", "json"],
        ["d4e5f607-1829-3a4b-5c6d-7e8f90010203", "cjo-old", "json"],
        ["lecard-1001", "lecard", "json"],
        ["lecard-1002", "lecard", "json"],
      ]);
    });

    it("composes a CJO new-API record without qwContent from its s-fields, with sections", () => {
      const doc = docs(items)[0];
      expect(sectionTexts(doc)).toEqual([
        ["header", "浙江省某某县人民法院\n刑事判决书\n（2021）浙0000刑初003号"],
        ["parties", "公诉机关浙江省某某县人民检察院。\n被告人周某，女，1995年出生。"],
        ["procedure", "浙江省某某县人民检察院以浙某检刑诉〔2021〕3号起诉书指控被告人周某犯帮助信息网络犯罪活动罪，于2021年5月10日向本院提起公诉。"],
        ["facts", "经审理查明：2020年12月，被告人周某将其微信账号出租给他人用于诈骗。"],
        ["reasoning", "本院认为，被告人周某的行为已构成帮助信息网络犯罪活动罪。依照《中华人民共和国刑法》第二百八十七条之二第一款之规定，判决如下："],
        ["judgment", "被告人周某犯帮助信息网络犯罪活动罪，判处拘役四个月，并处罚金人民币二千元。"],
        ["signature", "审判员　吴某\n二〇二一年六月二日\n书记员　郑某"],
      ]);
      expect(doc.text).toBe(sectionTexts(doc).map(([, t]) => t).join("\n"));
    });

    it("reads the old CJO API: DocContent as HTML, else the *段原文 fields composed", () => {
      const [, withDocContent, withSections] = docs(items);
      expect(withDocContent.text).toBe("浙江省某某县人民法院\n刑事判决书\n（2020）浙0000刑初005号\n被告人冯某犯帮助信息网络犯罪活动罪，判处有期徒刑七个月。");
      expect(withDocContent.sections).toBeUndefined();
      expect(sectionTexts(withSections)).toEqual([
        ["header", "浙江省某某县人民法院\n刑事判决书\n（2020）浙0000刑初006号"],
        ["parties", "公诉机关浙江省某某县人民检察院。被告人陈某，男，1990年出生。"],
        ["facts", "经审理查明，2019年，被告人陈某为他人提供服务器托管。"],
        ["reasoning", "本院认为，被告人陈某的行为已构成帮助信息网络犯罪活动罪。"],
        ["judgment", "被告人陈某犯帮助信息网络犯罪活动罪，判处有期徒刑一年。"],
        ["signature", "审判长　褚某"],
      ]);
    });

    it("reads LeCaRD: qw when present, else ajjbqk/cpfxgc/pjjg composed", () => {
      const [, , , withQw, withoutQw] = docs(items);
      expect(withQw.text).toBe((raw[3] as { qw: string }).qw);
      expect(sectionTexts(withoutQw)).toEqual([
        ["header", "蒋某帮助信息网络犯罪活动罪一审刑事判决书"],
        ["facts", "经审理查明，被告人蒋某为他人转账走账。"],
        ["reasoning", "本院认为，被告人蒋某的行为已构成帮助信息网络犯罪活动罪。"],
        ["judgment", "被告人蒋某犯帮助信息网络犯罪活动罪，判处有期徒刑十个月。"],
      ]);
    });

    it("reports records it cannot read, naming their keys", () => {
      expect(items.slice(5)).toEqual([
        { kind: "error", uri: `${fileUri(path)}#5`, reason: "no recognised text fields in record (keys: foo, bar)", stage: "parse" },
        { kind: "error", uri: `${fileUri(path)}#6`, reason: "record is not a JSON object (number)", stage: "parse" },
      ]);
    });
  });

  it("streams an array up to where it breaks, then reports the broken element", async () => {
    const path = fixture("json", "truncated-array.json");
    const items = await collect([path]);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ kind: "doc", doc: { id: "t-1", uri: `${fileUri(path)}#0`, text: "第一条记录。", recordFormat: "generic" } });
    expect(items[1]).toMatchObject({ kind: "error", uri: `${fileUri(path)}#1`, stage: "parse" });
    expect((items[1] as { reason: string }).reason).toMatch(/^invalid JSON in array element 1: /);
  });

  it("reads a GB18030 JSON array and falls back to the file stem as id for a single object without one", async () => {
    const array = writeTmp("gb-array.json", iconv.encode(JSON.stringify([{ id: "gb-1", text: "被告人犯帮助信息网络犯罪活动罪。" }]), "gb18030"));
    const single = writeTmp("lecard-7788.json", JSON.stringify({ ajjbqk: "经审理查明，被告人出借银行卡。", pjjg: "被告人犯帮助信息网络犯罪活动罪。" }));
    const [a, b] = docs(await collect([array, single]));
    expect([a.id, a.text, a.uri]).toEqual(["gb-1", "被告人犯帮助信息网络犯罪活动罪。", `${fileUri(array)}#0`]);
    expect([b.id, b.recordFormat, b.text]).toEqual(["lecard-7788", "lecard", "经审理查明，被告人出借银行卡。\n被告人犯帮助信息网络犯罪活动罪。"]);
  });
});

describe(".jsonl files", () => {
  describe("SimuCourt records", () => {
    const path = fixture("jsonl", "simucourt.jsonl");
    const lines = readFileSync(path, "utf8").split("\n");
    let found: SourceDocument[];
    beforeAll(async () => {
      found = docs(await collect([path]));
    });

    it("takes the wrapper's id (or 案号 for a bare record), uri #L<n>, hash of the line", () => {
      expect(found.map((d) => [d.id, d.uri, d.format, d.recordFormat, d.contentHash])).toEqual([
        ["simucourt-s1-901", `${fileUri(path)}#L1`, "jsonl", "simucourt", sha256(lines[0])],
        ["simucourt-s2-901", `${fileUri(path)}#L2`, "jsonl", "simucourt", sha256(lines[1])],
        ["(2023)陕0000刑初118号", `${fileUri(path)}#L3`, "jsonl", "simucourt", sha256(lines[2])],
      ]);
    });

    it("composes a first-instance record as a judgment, one paragraph per line", () => {
      const doc = found[0];
      expect(doc.text).toBe(
        [
          "江西省某某县人民法院",
          "刑事判决书",
          "（2023）赣0000刑初101号",
          "公诉机关江西省某某县人民检察院",
          "被告人陈某",
          "2019年5月因犯盗窃罪被判处拘役三个月",
          "辩护人刘某，江西某某律师事务所律师",
          "公诉机关指控：被告人陈某明知他人利用信息网络实施犯罪，仍提供银行卡，情节严重，应当以帮助信息网络犯罪活动罪追究其刑事责任。",
          "公诉机关建议判处被告人陈某有期徒刑七个月，并处罚金人民币五千元。",
          "被告人辩称：对指控事实、罪名及量刑建议均无异议",
          "辩护人提出：被告人陈某系初犯，认罪认罚，建议从轻处罚。",
          "经审理查明：2022年3月，被告人陈某将其名下的银行卡出售给他人，该卡被用于电信网络诈骗资金结算，流入资金共计人民币36万元。",
          "2023年6月1日，被告人陈某被抓获归案。",
          "本院认为，被告人陈某明知他人利用信息网络实施犯罪，仍为其犯罪提供支付结算帮助，情节严重，其行为已构成帮助信息网络犯罪活动罪。",
          "依照《中华人民共和国刑法》第二百八十七条之二第一款、《中华人民共和国刑法》第六十七条第三款之规定，判决如下：",
          "被告人犯帮助信息网络犯罪活动罪，判处有期徒刑七个月，处罚金人民币五千元。",
        ].join("\n"),
      );
      expect(doc.sections).toEqual([
        { kind: "header", start: 0, end: 34 },
        { kind: "parties", start: 35, end: 95 },
        { kind: "prosecution", start: 96, end: 190 },
        { kind: "defence", start: 191, end: 242 },
        { kind: "facts", start: 243, end: 328 },
        { kind: "reasoning", start: 329, end: 446 },
        { kind: "judgment", start: 447, end: 483 },
      ]);
      expect(doc.text.slice(447, 483)).toBe("被告人犯帮助信息网络犯罪活动罪，判处有期徒刑七个月，处罚金人民币五千元。");
      // 发布时间 (publication date, with a stray tab) must not look like the judgment date.
      expect(doc.text).not.toContain("2023-11-17");
      expect(doc.text).not.toContain("\t");
    });

    it("composes an appeal: 上诉人 line as given, first-instance result quoted in the procedure, 结果1..n as the judgment", () => {
      const doc = found[1];
      expect(sectionTexts(doc)).toEqual([
        ["header", "吉林省某某市中级人民法院\n刑事裁定书\n（2022）吉00刑终357号"],
        ["parties", "上诉人（原审被告人）杨某"],
        ["procedure", "某某区人民法院审理某某区人民检察院指控原审被告人杨某犯帮助信息网络犯罪活动罪一案，于2022年8月1日作出（2022）吉0000刑初88号刑事判决。宣判后，原审被告人杨某不服，提出上诉。"],
        ["facts", "原判认定：2021年4月，被告人杨某将本人银行卡四张出租给他人，支付结算金额共计人民币120万元。"],
        [
          "procedure",
          "原审法院认为，被告人杨某的行为已构成帮助信息网络犯罪活动罪。\n原审法院依照《中华人民共和国刑法》第二百八十七条之二第一款之规定，判决：被告人杨某犯帮助信息网络犯罪活动罪，判处有期徒刑一年六个月，并处罚金人民币一万元。",
        ],
        ["defence", "上诉人提出：原判量刑过重，请求改判缓刑"],
        ["prosecution", "检察院意见：原审认定事实清楚，证据确实、充分，建议二审维持原判"],
        ["facts", "经二审审理查明的事实与原审判决认定的事实一致。"],
        [
          "reasoning",
          "本院认为，上诉人杨某的行为已构成帮助信息网络犯罪活动罪。原判认定事实清楚，量刑适当。\n综上，上诉理由不能成立。\n依照《中华人民共和国刑事诉讼法》第二百三十六条第一款第（一）项之规定，裁定如下：",
        ],
        ["judgment", "驳回上诉。\n维持原判。"],
      ]);
      // The sections tile the text: paragraphs joined by "\n", nothing outside a section.
      expect(doc.text).toBe(sectionTexts(doc).map(([, t]) => t).join("\n"));
      expect(doc.text).not.toContain("2023-02-15");
    });

    it("composes a bare record: no court line for 法院 无, one party line per defendant, no fine", () => {
      const doc = found[2];
      expect(doc.text).toBe(
        [
          "刑事判决书",
          "(2023)陕0000刑初118号",
          "公诉机关陕西省某某县人民检察院",
          "被告人钱某",
          "被告人孙某，绰号“小孙”",
          "经审理查明，2022年，被告人钱某、孙某收购他人银行卡后转卖。",
          "本院认为，被告人钱某、孙某的行为均已构成帮助信息网络犯罪活动罪。",
          "依照《中华人民共和国刑法》第二百八十七条之二之规定，判决如下：",
          "被告人犯帮助信息网络犯罪活动罪，判处有期徒刑一年。",
        ].join("\n"),
      );
      expect(sectionTexts(doc).map(([kind]) => kind)).toEqual(["header", "parties", "facts", "reasoning", "judgment"]);
    });
  });

  it("reads JuDGE (fd), generic records, and reports blank, truncated and unrecognised lines, carrying on after each", async () => {
    const path = fixture("jsonl", "mixed.jsonl");
    const lines = readFileSync(path, "utf8").split("\n");
    let truncatedMessage = "";
    try {
      JSON.parse(lines[3]);
    } catch (err) {
      truncatedMessage = (err as Error).message;
    }
    const items = await collect([path]);
    expect(items).toEqual([
      {
        kind: "doc",
        doc: {
          id: "judge-0001",
          uri: `${fileUri(path)}#L1`,
          format: "jsonl",
          text: "上海市某某区人民法院 刑事判决书 （2019）沪0000刑初1号 公诉机关上海市某某区人民检察院。 被告人郑某犯帮助信息网络犯罪活动罪，判处有期徒刑六个月。",
          contentHash: sha256(lines[0]),
          fetchedAt: null,
          recordFormat: "judge",
        },
      },
      {
        kind: "doc",
        doc: {
          id: "g-1",
          uri: `${fileUri(path)}#L2`,
          format: "jsonl",
          text: "某某县人民法院\n刑事判决书\n被告人王某犯帮助信息网络犯罪活动罪。",
          contentHash: sha256(lines[1]),
          fetchedAt: null,
          recordFormat: "generic",
        },
      },
      { kind: "skip", uri: `${fileUri(path)}#L3`, reason: "empty line" },
      { kind: "error", uri: `${fileUri(path)}#L4`, reason: `invalid JSON on line 4: ${truncatedMessage}`, stage: "parse" },
      { kind: "error", uri: `${fileUri(path)}#L5`, reason: "no recognised text fields in record (keys: id, title)", stage: "parse" },
      {
        kind: "doc",
        doc: {
          id: "7",
          uri: `${fileUri(path)}#L6`,
          format: "jsonl",
          text: "被告人赵某犯帮助信息网络犯罪活动罪。",
          contentHash: sha256(lines[5]),
          fetchedAt: null,
          recordFormat: "generic",
        },
      },
    ]);
    expect(truncatedMessage).not.toBe("");
  });

  it("reports a line of invalid UTF-8 and reads the lines around it", async () => {
    const good1 = Buffer.from('{"id":"u-1","text":"第一份。"}\n');
    const bad = Buffer.concat([Buffer.from('{"id":"u-2","text":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}\n')]);
    const good3 = Buffer.from('{"id":"u-3","text":"第三份。"}\n');
    const path = writeTmp("bad-utf8.jsonl", Buffer.concat([good1, bad, good3]));
    const items = await collect([path]);
    expect(items.map((i) => (i.kind === "doc" ? i.doc.id : i))).toEqual([
      "u-1",
      { kind: "error", uri: `${fileUri(path)}#L2`, reason: "invalid UTF-8 on line 2", stage: "decode" },
      "u-3",
    ]);
  });

  it("reads a GB18030 JSONL file with a BOM-less first line, hashing each line's own bytes", async () => {
    const line = JSON.stringify({ id: "gb-l1", text: "被告人犯帮助信息网络犯罪活动罪，判处拘役三个月。" });
    const path = writeTmp("gb.jsonl", iconv.encode(line + "\r\n", "gb18030"));
    const doc = await onlyDoc([path]);
    expect([doc.id, doc.text, doc.encoding, doc.contentHash]).toEqual([
      "gb-l1",
      "被告人犯帮助信息网络犯罪活动罪，判处拘役三个月。",
      "gb18030",
      sha256(iconv.encode(line, "gb18030")),
    ]);
  });

  it("streams a JSONL file larger than maxDocumentBytes (the limit is per document)", async () => {
    const line = JSON.stringify({ id: "x", text: "被告人犯帮助信息网络犯罪活动罪。" });
    const path = writeTmp("many.jsonl", Array.from({ length: 50 }, () => line).join("\n"));
    const items = await collect([path], { maxDocumentBytes: 200 });
    expect(items).toHaveLength(50);
    expect(items.every((i) => i.kind === "doc")).toBe(true);
  });
});

describe(".csv bulk dump", () => {
  const path = fixture("csv", "dump.csv");
  const expectedRow1 = "浙江省某某县人民法院\n刑事判决书\n（2021）浙0000刑初004号\n被告人郑某以\"兼职\"为名出租银行卡，获利人民币一千元。\n被告人郑某犯帮助信息网络犯罪活动罪，判处有期徒刑六个月。";
  const row4FullText =
    "<div style='TEXT-ALIGN: center'>浙江省某某县人民法院</div><div>刑事判决书</div><div>被告人褚某犯帮助信息网络犯罪活动罪，判处拘役三个月。</div>";
  const expectedRow4 = "浙江省某某县人民法院\n刑事判决书\n被告人褚某犯帮助信息网络犯罪活动罪，判处拘役三个月。";

  it("reads rows (multi-line quoted 全文, HTML 全文), reports empty 全文 and malformed rows, and goes on", async () => {
    const items = await collect([path]);
    const fileText = readFileSync(path, "utf8");
    const rawRow1 = fileText.slice(fileText.indexOf("https://"), fileText.indexOf("https://", fileText.indexOf("https://") + 1));
    expect(items).toEqual([
      {
        kind: "doc",
        doc: {
          id: "0a1b2c3d4e5f4a5b8c9d0e1f2a3b4c5d",
          uri: `${fileUri(path)}#row1`,
          format: "csv",
          text: expectedRow1,
          contentHash: sha256(rawRow1),
          fetchedAt: null,
          encoding: "utf8",
        },
      },
      { kind: "error", uri: `${fileUri(path)}#row2`, reason: "CSV row has empty 全文", stage: "parse" },
      {
        kind: "error",
        uri: `${fileUri(path)}#row3`,
        reason: "malformed CSV row 3 (line 8): Invalid Record Length: columns length is 15, got 2 on line 8",
        stage: "parse",
      },
      {
        kind: "doc",
        doc: {
          // No docId in the link: a hash of 全文.
          id: "csv-" + sha256(row4FullText).slice("sha256:".length, "sha256:".length + 16),
          uri: `${fileUri(path)}#row4`,
          format: "csv",
          text: expectedRow4,
          contentHash: sha256(fileText.split("\n")[8] + "\n"),
          fetchedAt: null,
          encoding: "utf8",
        },
      },
    ]);
  });

  it("reads the same dump encoded in GB18030", async () => {
    const gbPath = writeTmp("dump-gb.csv", iconv.encode(readFileSync(path, "utf8"), "gb18030"));
    const items = await collect([gbPath]);
    expect(items.map((i) => i.kind)).toEqual(["doc", "error", "error", "doc"]);
    const [row1, row4] = docs(items);
    expect([row1.id, row1.text, row1.encoding, row1.uri]).toEqual(["0a1b2c3d4e5f4a5b8c9d0e1f2a3b4c5d", expectedRow1, "gb18030", `${fileUri(gbPath)}#row1`]);
    expect(row4.text).toBe(expectedRow4);
  });

  it("skips a header-only CSV and reports a CSV without a 全文 column", async () => {
    const headerOnly = writeTmp("header-only.csv", "原始链接,案号,全文\n");
    const noText = writeTmp("no-text.csv", "原始链接,案号\nhttp://x,（2021）浙0000刑初1号\n");
    expect(await collect([headerOnly, noText])).toEqual([
      { kind: "skip", uri: fileUri(headerOnly), reason: "CSV has a header but no rows" },
      { kind: "error", uri: fileUri(noText), reason: "CSV has no 全文 column (columns: 原始链接, 案号)", stage: "parse" },
    ]);
  });
});

describe("stdin", () => {
  it("sniffs JSONL", async () => {
    const input = '{"id":"s-1","text":"第一份。"}\n{"id":"s-2","text":"第二份。"}\n';
    const items = await collect(["-"], { stdin: stdinOf(input) });
    expect(docs(items).map((d) => [d.id, d.uri, d.format, d.text])).toEqual([
      ["s-1", "stdin:#L1", "stdin", "第一份。"],
      ["s-2", "stdin:#L2", "stdin", "第二份。"],
    ]);
  });

  it("sniffs a pretty-printed JSON object and a JSON array", async () => {
    const object = JSON.stringify({ id: "s-obj", text: "对象。" }, null, 2);
    const array = JSON.stringify([{ id: "s-arr", text: "数组。" }]);
    const [a] = docs(await collect(["-"], { stdin: stdinOf(object) }));
    const [b] = docs(await collect(["-"], { stdin: stdinOf(array) }));
    expect([a.id, a.uri, a.text]).toEqual(["s-obj", "stdin:", "对象。"]);
    expect([b.id, b.uri, b.text]).toEqual(["s-arr", "stdin:#0", "数组。"]);
  });

  it("sniffs HTML and plain text (GB18030 too); documents from stdin have no id", async () => {
    const html = await onlyDoc(["-"], { stdin: stdinOf("<html><body><div>甲。</div><div>乙。</div></body></html>") });
    expect([html.id, html.uri, html.format, html.text]).toEqual([null, "stdin:", "stdin", "甲。\n乙。"]);
    const text = await onlyDoc(["-"], { stdin: stdinOf(iconv.encode(JUDGMENT_TXT, "gb18030")) });
    expect([text.id, text.text, text.encoding]).toEqual([null, JUDGMENT_TXT, "gb18030"]);
  });

  it("reports empty and oversized input", async () => {
    expect(await collect(["-"], { stdin: stdinOf("") })).toEqual([{ kind: "error", uri: "stdin:", reason: "empty input", stage: "read" }]);
    expect(await collect(["-"], { stdin: stdinOf("正".repeat(100)), maxDocumentBytes: 100 })).toEqual([
      { kind: "error", uri: "stdin:", reason: "document too large (300 bytes > 100)", stage: "read" },
    ]);
  });
});

describe("directories and input lists", () => {
  it("walks recursively in sorted order, skipping hidden entries; unknown extensions are skip items", async () => {
    const dir = fixture("tree");
    const items = await collect([dir]);
    expect(items.map((i) => (i.kind === "doc" ? [i.doc.id, i.doc.uri, i.doc.text] : i))).toEqual([
      ["inner", fileUri(join(dir, "a-first", "inner.txt")), "第一份文书。\n"],
      ["b-second", fileUri(join(dir, "b-second.txt")), "第二份文书。\n"],
      { kind: "skip", uri: fileUri(join(dir, "c-notes.md")), reason: 'unsupported file extension ".md"' },
      ["d-page", fileUri(join(dir, "d-page.htm")), "第三份文书。"],
    ]);
    expect(await collect([dir])).toEqual(items);
  });

  it("keeps the order of the inputs and survives a symlink cycle", async () => {
    const dir = tmpPath("cycle");
    mkdirSync(join(dir, "sub"), { recursive: true });
    writeFileSync(join(dir, "sub", "doc.txt"), "文书。");
    symlinkSync(dir, join(dir, "sub", "loop"));
    const items = await collect([fixture("tree", "b-second.txt"), dir, fixture("tree", "a-first", "inner.txt")]);
    expect(docs(items).map((d) => d.id)).toEqual(["b-second", "doc", "inner"]);
  });
});

describe("failures are items, never throws", () => {
  it("reports missing, empty, binary, undecodable and oversized inputs and goes on", async () => {
    const missing = tmpPath("does-not-exist.txt");
    const empty = writeTmp("empty.txt", "");
    const emptyJsonl = writeTmp("empty.jsonl", "");
    const binary = writeTmp("image.txt", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    const binaryCsv = writeTmp("image.csv", Buffer.from([0x00, 0x01, 0x02, 0x03]));
    const latin1 = writeTmp("latin1.txt", Buffer.from("Caf\xe9 cr\xe8me br\xfbl\xe9e", "latin1"));
    const big = writeTmp("big.txt", "正".repeat(1000));
    const bigHtml = writeTmp("big.html", `<div>${"正".repeat(1000)}</div>`);
    const bigJson = writeTmp("big.json", JSON.stringify({ id: "big", text: "正".repeat(1000) }));
    const items = await collect([missing, empty, emptyJsonl, binary, binaryCsv, latin1, big, bigHtml, bigJson, fixture("tree", "b-second.txt")], {
      maxDocumentBytes: 1000,
    });
    expect(items.slice(0, -1)).toEqual([
      { kind: "error", uri: fileUri(missing), reason: "no such file or directory", stage: "read" },
      { kind: "error", uri: fileUri(empty), reason: "empty file", stage: "read" },
      { kind: "error", uri: fileUri(emptyJsonl), reason: "empty file", stage: "read" },
      { kind: "error", uri: fileUri(binary), reason: "binary file, not a text document", stage: "decode" },
      { kind: "error", uri: fileUri(binaryCsv), reason: "binary file, not a text document", stage: "decode" },
      { kind: "error", uri: fileUri(latin1), reason: "invalid or unknown text encoding", stage: "decode" },
      { kind: "error", uri: fileUri(big), reason: "document too large (3000 bytes > 1000)", stage: "read" },
      { kind: "error", uri: fileUri(bigHtml), reason: "document too large (3011 bytes > 1000)", stage: "read" },
      { kind: "error", uri: fileUri(bigJson), reason: `document too large (${Buffer.byteLength(readFileSync(bigJson))} bytes > 1000)`, stage: "read" },
    ]);
    expect(items.at(-1)).toMatchObject({ kind: "doc", doc: { id: "b-second" } });
  });
});

describe("field maps and compose tables are data", () => {
  it("lists the supported record formats in the order they are tried", () => {
    expect(FIELD_MAPS.map((m) => m.name)).toEqual(["simucourt", "cjo", "cjo-old", "judge", "lecard", "generic"]);
  });

  it("mapRecord prefers a full text over composing, and a table drives composition", () => {
    expect(mapRecord({ wsKey: "k", qwContent: "<div>甲</div><div>乙</div>", s25: "不用" })).toEqual({ ok: true, id: "k", text: "甲\n乙", recordFormat: "cjo" });
    expect(mapRecord({ wsKey: "k", s1: "某某一审刑事判决书" })).toEqual({
      ok: false,
      reason: "no recognised text fields in record (keys: wsKey, s1)",
    });
    const table: ComposeTable = {
      lists: { 人: { fields: ["a", "b"], separator: "、" } },
      rows: [
        { kind: "header", templates: ["{title}"] },
        { kind: "parties", templates: ["被告人{人}"] },
        { kind: "reasoning", templates: ["本院认为，{why}"], bareIfStartsWith: ["本院认为"] },
        { firstOf: [[{ kind: "judgment", templates: ["{r1}"], endWith: "。" }], [{ kind: "judgment", templates: ["{r0}"] }]] },
      ],
    };
    const composed = composeText({ title: "\t刑事判决书\t", a: "甲", b: "无", why: "本院认为，成立。", r1: "无", r0: "驳回。" }, table);
    expect(composed).toEqual({
      text: "刑事判决书\n被告人甲\n本院认为，成立。\n驳回。",
      sections: [
        { kind: "header", start: 0, end: 5 },
        { kind: "parties", start: 6, end: 10 },
        { kind: "reasoning", start: 11, end: 19 },
        { kind: "judgment", start: 20, end: 23 },
      ],
    });
  });
});
