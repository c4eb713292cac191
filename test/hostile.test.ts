/**
 * Hostile input: the run finishes, every input is accounted for, each bad one has a readable
 * reason, and no document can make extraction throw out of the pipeline.
 */
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import fc from "fast-check";
import { mkdtemp, readFile, rm, writeFile, open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPipeline, type ErrorLine, type Manifest } from "../pipeline/runner.js";
import { extractDocument } from "../pipeline/extractDocument.js";
import { CorpusRecordSchema, type CorpusRecord } from "../corpus/schema.js";
import type { SourceDocument } from "../pipeline/sources/types.js";

const FIXTURES = join(__dirname, "fixtures", "judgments");
let dir: string;
let out: string;
let manifest: Manifest;
let errors: ErrorLine[];
let corpus: CorpusRecord[];

const JUDGMENT = `江苏省南京市秦淮区人民法院 刑事判决书 （2021）苏0104刑初333号 公诉机关南京市秦淮区人民检察院。 被告人钱某，女，1999年7月8日出生，汉族，高中文化，无业，户籍地江苏省南京市。因涉嫌犯帮助信息网络犯罪活动罪于2021年3月1日被刑事拘留，同年3月30日被取保候审。 南京市秦淮区人民检察院以宁秦检刑诉〔2021〕100号起诉书指控被告人钱某犯帮助信息网络犯罪活动罪，于2021年6月1日向本院提起公诉。本院适用速裁程序，实行独任审判，公开开庭审理了本案。 经审理查明：2020年12月，被告人钱某将本人名下银行卡三张出租给他人使用，获利人民币3000元，上述银行卡支付结算金额共计人民币52万余元。 本院认为，被告人钱某明知他人利用信息网络实施犯罪，为其犯罪提供支付结算帮助，情节严重，其行为已构成帮助信息网络犯罪活动罪。被告人钱某到案后如实供述自己的罪行，自愿认罪认罚，依法可以从轻处罚。依照《中华人民共和国刑法》第二百八十七条之二第一款之规定，判决如下： 被告人钱某犯帮助信息网络犯罪活动罪，判处有期徒刑七个月，缓刑一年，并处罚金人民币三千元。 如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向江苏省南京市中级人民法院提出上诉。 审判员李某 二〇二一年六月十五日 书记员王某`;

function doc(text: string): SourceDocument {
  return { id: "fuzz", uri: "mem://fuzz", format: "txt", text, contentHash: "sha256:" + "0".repeat(64), fetchedAt: null };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "bangxin-hostile-"));
  out = await mkdtemp(join(tmpdir(), "bangxin-hostile-out-"));
  await writeFile(join(dir, "empty.txt"), "");
  await writeFile(join(dir, "binary.txt"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x3e, 0x00]));
  await writeFile(join(dir, "truncated.jsonl"), JSON.stringify({ id: "ok-1", text: JUDGMENT }) + "\n" + JSON.stringify({ id: "cut", text: JUDGMENT }).slice(0, 120) + "\n");
  await writeFile(join(dir, "invalid-utf8.txt"), Buffer.concat([Buffer.from("判决书 abc "), Buffer.from([0xc0, 0x80, 0xff, 0xfe, 0xff]), Buffer.from(" def")]));
  // 50 MB of text: streamed to disk, refused by size without being read into memory
  const big = await open(join(dir, "huge.txt"), "w");
  const chunk = Buffer.from("被告人某某犯帮助信息网络犯罪活动罪。".repeat(1000));
  for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) await big.write(chunk);
  await big.close();
  await writeFile(join(dir, "not-a-judgment.txt"), "今天天气很好，我们去公园散步，然后一起吃了午饭。下午看了一场电影，晚上早早休息。");
  await writeFile(join(dir, "no-result.txt"), await readFile(join(FIXTURES, "no-result.txt")));
  manifest = await runPipeline([dir], { outDir: out });
  errors = (await readFile(join(out, "errors.jsonl"), "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l));
  corpus = (await readFile(join(out, "corpus.jsonl"), "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l));
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
});

describe("hostile inputs", () => {
  it("accounts for every input", () => {
    // 7 files, one of them a JSONL with 2 lines
    const c = manifest.counts;
    expect(c.ok + c.failed + c.skipped).toBe(c.documents);
    expect(c.documents).toBe(8);
    expect(c.ok).toBe(2);
    expect(c.failed).toBe(6);
    // the manifest lists every file read, with its size and hash
    expect(manifest.inputs.map((i) => i.path.slice(dir.length + 1))).toEqual([
      "binary.txt", "empty.txt", "huge.txt", "invalid-utf8.txt", "no-result.txt", "not-a-judgment.txt", "truncated.jsonl"]);
    for (const i of manifest.inputs) expect(i.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(manifest.inputs.find((i) => i.path.endsWith("empty.txt"))!.bytes).toBe(0);
  });

  it("gives each bad input a readable reason", () => {
    const reasonFor = (name: string) => errors.find((e) => e.input.includes(name))?.reason ?? "";
    expect(reasonFor("empty.txt")).toMatch(/empty/);
    expect(reasonFor("binary.txt")).toMatch(/binary/);
    expect(reasonFor("truncated.jsonl")).toMatch(/JSON/);
    expect(reasonFor("truncated.jsonl")).toMatch(/#L2|line 2/);
    expect(reasonFor("invalid-utf8.txt")).toMatch(/encoding/);
    expect(reasonFor("huge.txt")).toMatch(/too large/);
    expect(reasonFor("not-a-judgment.txt")).toMatch(/not a court judgment/);
  });

  it("keeps a judgment without a result, with null sentences", () => {
    const rec = corpus.find((r) => r.id === "no-result")!;
    expect(rec).toBeDefined();
    expect(rec.defendants.map((d) => d.name)).toEqual(["周某某"]);
    expect(rec.defendants[0].sentence).toBeNull();
    expect(rec.defendants[0].gender).toBe("male");
    expect(CorpusRecordSchema.safeParse(rec).success).toBe(true);
  });

  it("writes no temporary files next to the outputs", async () => {
    const { readdir } = await import("node:fs/promises");
    expect((await readdir(out)).sort()).toEqual(["corpus.jsonl", "errors.jsonl", "manifest.json"]);
  });
});

describe("fuzz: extraction never throws", () => {
  it("random strings", () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => {
      const r = extractDocument(doc(s));
      expect(CorpusRecordSchema.safeParse(r).success).toBe(true);
    }), { numRuns: 300 });
  });

  it("random unicode around judgment words", () => {
    const words = fc.constantFrom("被告人", "判决如下：", "本院认为", "有期徒刑", "缓刑", "罚金", "人民币", "万元", "余", "一年又", "个月",
      "（", "）", "。", "，", "二〇二一年", "十", "拘役", "刑初", "(2021)", "号", "上诉人", "原审被告人", "维持原判", "犯", "罪", "决定执行");
    fc.assert(fc.property(fc.array(fc.oneof(words, fc.string({ maxLength: 5 })), { maxLength: 80 }), (parts) => {
      const r = extractDocument(doc(parts.join("")));
      expect(CorpusRecordSchema.safeParse(r).success).toBe(true);
    }), { numRuns: 400 });
  });

  it("mutated judgments (cuts, insertions, duplications)", () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.nat(JUDGMENT.length), fc.nat(200), fc.oneof(fc.constant(""), fc.string({ maxLength: 20 }), fc.string({ unit: "binary", maxLength: 5 }))), { maxLength: 8 }),
      (edits) => {
        let t = JUDGMENT;
        for (const [at, len, ins] of edits) {
          const a = Math.min(at, t.length);
          t = ins === "" && len % 3 === 0 ? t.slice(0, a) + t.slice(a, a + len) + t.slice(a) : t.slice(0, a) + ins + t.slice(a + (len % 40));
        }
        const r = extractDocument(doc(t));
        expect(CorpusRecordSchema.safeParse(r).success).toBe(true);
      }), { numRuns: 300 });
  });
});
