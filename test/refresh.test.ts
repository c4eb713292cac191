/** `bangxin refresh`: memo, dedup, lock, failure share, config, sites. Crash safety: refresh-crash.test.ts. */
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, readdir, rm, unlink, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { CorpusRecordSchema, type CorpusRecord } from "../corpus/schema.js";
import { runPipeline } from "../pipeline/runner.js";
import type { SourceItem } from "../pipeline/sources/types.js";
import {
  acquireLock,
  ConfigError,
  DEDUP_VERSION,
  resolveConfig,
  EXACT_THRESHOLD,
  exactSimilarity,
  groupDuplicates,
  LockedError,
  runRefresh,
  SIMILARITY_THRESHOLD,
  textSignature,
  textSimilarity,
  type CrawlSite,
  type DedupDocument,
} from "../pipeline/refresh/index.js";
import { readSources } from "../pipeline/sources/index.js";
import { PACKAGE_VERSION } from "../pipeline/version.js";
import { cjoRecord, judgment, settle, writeText } from "./fixtures/refresh/generate.js";

const ROOT = join(__dirname, "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
let base: string;
let counter = 0;

function cli(args: string[]) {
  return spawnSync(TSX, [join(ROOT, "pipeline", "cli.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), "bangxin-refresh-"));
});
afterAll(async () => rm(base, { recursive: true, force: true }));

interface Workspace {
  dir: string;
  input: string;
  out: string;
  config: string;
}

/** A directory with input/, out/ and bangxin.config.json watching input/. */
async function workspace(config: Record<string, unknown> = {}): Promise<Workspace> {
  const dir = join(base, `ws${++counter}`);
  const ws = { dir, input: join(dir, "input"), out: join(dir, "out"), config: join(dir, "bangxin.config.json") };
  await writeText(ws.config, JSON.stringify({ output: "out", folders: ["input"], ...config }));
  return ws;
}

async function corpusLines(ws: Workspace): Promise<string> {
  return readFile(join(ws.out, "corpus.jsonl"), "utf8");
}

async function corpus(ws: Workspace): Promise<CorpusRecord[]> {
  return (await corpusLines(ws)).split("\n").filter(Boolean).map((l) => CorpusRecordSchema.parse(JSON.parse(l)));
}

async function errorLines(ws: Workspace): Promise<{ input: string; stage: string; reason: string }[]> {
  return (await readFile(join(ws.out, "errors.jsonl"), "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

function sha256(text: string): string {
  return "sha256:" + createHash("sha256").update(text).digest("hex");
}

const NOT_A_JUDGMENT = "会议通知：本周五下午三点在三楼会议室召开全体会议，请准时参加。";

/**
 * input/: six judgments as .txt in two folders, a JSONL dump of four more, a text that is no
 * judgment (an error) and a .md file (skipped). Twelve documents, ten records.
 */
async function standardInputs(ws: Workspace): Promise<void> {
  for (let i = 0; i < 6; i++) await writeText(join(ws.input, i < 3 ? "a" : "b", `j${i}.txt`), judgment(i).text);
  const dump = [6, 7, 8, 9].map((i) => JSON.stringify({ id: `dump-${i}`, text: judgment(i).text })).join("\n") + "\n";
  await writeText(join(ws.input, "dumps", "dump.jsonl"), dump);
  await writeText(join(ws.input, "b", "notice.txt"), NOT_A_JUDGMENT);
  await writeText(join(ws.input, "b", "readme.md"), "# notes\n");
  await settle(ws.input);
}

describe("refresh: only what changed is read and extracted", () => {
  it("first run adds every document; an unchanged rerun reads no file, extracts nothing and leaves the corpus alone", async () => {
    const ws = await workspace();
    await standardInputs(ws);
    const first = await runRefresh({ config: ws.config });
    expect(first.counts).toEqual({ documents: 12, added: 10, updated: 0, unchanged: 0, removed: 0, failed: 1, skipped: 1 });
    expect(first.extracted).toBe(11);
    expect(first.records).toBe(10);
    expect(first.units).toEqual({ files: 9, read: 9, reused: 0, sites: 0 });
    expect(first.corpusRewritten).toBe(true);
    const records = await corpus(ws);
    expect(records.map((r) => r.id)).toEqual(["dump-6", "dump-7", "dump-8", "dump-9", "j0", "j1", "j2", "j3", "j4", "j5"]);
    expect(records.every((r) => r.sources!.length === 1 && r.sources![0].uri === r.source.uri)).toBe(true);
    expect(records.find((r) => r.id === "j4")!.case.caseNumber).toBe("(2020)浙0106刑初104号");
    expect(await errorLines(ws)).toEqual([
      { input: "file://" + join(ws.input, "b", "notice.txt"), id: "notice", stage: "extract", reason: "not a court judgment: no court, case number, defendant or result found" },
    ]);
    const before = await corpusLines(ws);

    const second = await runRefresh({ config: ws.config });
    expect(second.counts).toEqual({ documents: 12, added: 0, updated: 0, unchanged: 10, removed: 0, failed: 1, skipped: 1 });
    expect(second.extracted).toBe(0);
    expect(second.units).toEqual({ files: 9, read: 0, reused: 9, sites: 0 });
    expect(second.corpusRewritten).toBe(false);
    expect(await corpusLines(ws)).toBe(before);
    const reports = (await readdir(join(ws.out, "runs"))).sort();
    expect(reports).toEqual([`${first.runId}.json`, `${second.runId}.json`]);
    expect(JSON.parse(await readFile(join(ws.out, "runs", reports[1]), "utf8")).counts).toEqual(second.counts);
  });

  it("records are those a plain run extracts from the same inputs, with the sources listed", async () => {
    const ws = await workspace();
    await standardInputs(ws);
    await runRefresh({ config: ws.config });
    const plainOut = join(ws.dir, "plain");
    await runPipeline([ws.input], { outDir: plainOut });
    const plain = (await readFile(join(plainOut, "corpus.jsonl"), "utf8")).split("\n").filter(Boolean);
    const refreshed = (await corpusLines(ws)).split("\n").filter(Boolean).map((l) => JSON.parse(l) as CorpusRecord);
    expect(plain.length).toBe(10);
    const withoutSources = refreshed.map(({ sources, ...rest }) => {
      expect(sources).toEqual([rest.source]);
      return JSON.stringify(rest);
    });
    expect(withoutSources.sort()).toEqual([...plain].sort());
  });

  it("changing one file updates one record and extracts one document", async () => {
    const ws = await workspace();
    await standardInputs(ws);
    await runRefresh({ config: ws.config });
    const changed = judgment(4, { variant: 1 }).text;
    await writeText(join(ws.input, "b", "j4.txt"), changed);
    await settle(ws.input);
    const r = await runRefresh({ config: ws.config });
    expect(r.counts).toEqual({ documents: 12, added: 0, updated: 1, unchanged: 9, removed: 0, failed: 1, skipped: 1 });
    expect(r.extracted).toBe(1);
    // settle() touched every file's ctime, so all are looked at again; only j4's content is new
    expect(r.units.read).toBe(9);
    const j4 = (await corpus(ws)).find((x) => x.id === "j4")!;
    expect(j4.text).toBe(changed);
    expect(j4.source.contentHash).toBe(sha256(changed));
  });

  it("a new extractor version re-extracts every document", async () => {
    const ws = await workspace();
    await standardInputs(ws);
    await runRefresh({ config: ws.config });
    const before = await corpusLines(ws);
    const r = await runRefresh({ config: ws.config, extractorVersion: "test-next" });
    expect(r.counts).toEqual({ documents: 12, added: 0, updated: 10, unchanged: 0, removed: 0, failed: 1, skipped: 1 });
    expect(r.extracted).toBe(11);
    expect(r.units.read).toBe(9);
    expect(r.extractorVersion).toBe("test-next");
    // same extractor code, so the same records
    expect(await corpusLines(ws)).toBe(before);
    const again = await runRefresh({ config: ws.config, extractorVersion: "test-next" });
    expect(again.extracted).toBe(0);
  });

  it("a file that disappears is removed; a failed document that now succeeds is added", async () => {
    const ws = await workspace();
    await standardInputs(ws);
    await runRefresh({ config: ws.config });
    await unlink(join(ws.input, "a", "j2.txt"));
    await writeText(join(ws.input, "b", "notice.txt"), judgment(50).text);
    const r = await runRefresh({ config: ws.config });
    expect(r.counts).toEqual({ documents: 11, added: 1, updated: 0, unchanged: 9, removed: 1, failed: 0, skipped: 1 });
    expect(r.extracted).toBe(1);
    expect((await corpus(ws)).map((x) => x.id)).toEqual(["dump-6", "dump-7", "dump-8", "dump-9", "j0", "j1", "j3", "j4", "j5", "notice"]);
    expect(await errorLines(ws)).toEqual([]);
  });

  it("a line inserted at the top of a dump is the only document extracted; the others keep their records", async () => {
    const ws = await workspace();
    await standardInputs(ws);
    await runRefresh({ config: ws.config });
    const dumpPath = join(ws.input, "dumps", "dump.jsonl");
    await writeFile(dumpPath, JSON.stringify({ id: "dump-new", text: judgment(60).text }) + "\n" + (await readFile(dumpPath, "utf8")));
    const r = await runRefresh({ config: ws.config });
    expect(r.counts).toEqual({ documents: 13, added: 1, updated: 0, unchanged: 10, removed: 0, failed: 1, skipped: 1 });
    expect(r.extracted).toBe(1);
    expect(r.units.read).toBe(1);
    const dump7 = (await corpus(ws)).find((x) => x.id === "dump-7")!;
    // the record was reused, its source points where the line is now
    expect(dump7.source.uri).toBe(`file://${dumpPath}#L3`);
  });

  it("a file modified just before the run is read again next time, but not extracted again", async () => {
    const ws = await workspace();
    await standardInputs(ws);
    await writeText(join(ws.input, "a", "fresh.txt"), judgment(70).text);
    const first = await runRefresh({ config: ws.config });
    expect(first.extracted).toBe(12);
    const second = await runRefresh({ config: ws.config });
    expect(second.units).toEqual({ files: 10, read: 1, reused: 9, sites: 0 });
    expect(second.extracted).toBe(0);
    expect(second.counts.unchanged).toBe(11);
  });

  it("a corpus deleted by hand is rebuilt from the record store; a lost state rebuilds the same corpus", async () => {
    const ws = await workspace();
    await standardInputs(ws);
    await runRefresh({ config: ws.config });
    const before = await corpusLines(ws);
    await unlink(join(ws.out, "corpus.jsonl"));
    const rebuilt = await runRefresh({ config: ws.config });
    expect(rebuilt.corpusRewritten).toBe(true);
    expect(rebuilt.extracted).toBe(0);
    expect(await corpusLines(ws)).toBe(before);
    await rm(join(ws.out, "state"), { recursive: true });
    const fresh = await runRefresh({ config: ws.config });
    expect(fresh.extracted).toBe(11);
    expect(fresh.counts.added).toBe(10);
    expect(await corpusLines(ws)).toBe(before);
    // the record store holds one segment: the old one went with the state, nothing else is left over
    const segments = await readdir(join(ws.out, "state", "records"));
    expect(segments).toHaveLength(1);
    expect(segments[0]).toMatch(new RegExp(`^${fresh.runId}-[0-9a-f]{8}\\.jsonl$`));
    await unlink(join(ws.out, "state", "records", segments[0]));
    const storeLost = await runRefresh({ config: ws.config });
    expect(storeLost.extracted).toBe(11);
    expect(storeLost.notes).toEqual([`record store incomplete (${segments[0]} missing); every document is extracted again`]);
    expect(await corpusLines(ws)).toBe(before);
  });

  it("a record segment that is mostly superseded is compacted into the new one", async () => {
    const ws = await workspace();
    await standardInputs(ws);
    const first = await runRefresh({ config: ws.config });
    for (let i = 0; i < 6; i++) await writeText(join(ws.input, i < 3 ? "a" : "b", `j${i}.txt`), judgment(i, { variant: 1 }).text);
    const second = await runRefresh({ config: ws.config });
    expect(second.extracted).toBe(6);
    // 4 of the first segment's 10 records are still live: below half, so they move
    expect(second.notes).toEqual(["record store: 4 record(s) moved out of 1 sparse segment(s)"]);
    const segments = await readdir(join(ws.out, "state", "records"));
    expect(segments).toHaveLength(1);
    expect(segments[0]).toMatch(new RegExp(`^${second.runId}-[0-9a-f]{8}\\.jsonl$`));
    expect(first.runId).not.toBe(second.runId);
    const compacted = await corpusLines(ws);
    const scratch = await workspace({ folders: [ws.input] });
    await runRefresh({ config: scratch.config });
    expect(await corpusLines(scratch)).toBe(compacted);
    const third = await runRefresh({ config: ws.config });
    expect([third.extracted, third.corpusRewritten, third.notes]).toEqual([0, false, []]);
  });

  it("the output directory inside a watched folder is not read", async () => {
    const ws = await workspace({ output: "input/out" });
    await writeText(join(ws.input, "j.txt"), judgment(1).text);
    await runRefresh({ config: ws.config });
    const r = await runRefresh({ config: ws.config });
    expect(r.counts.documents).toBe(1);
    expect(r.units.files).toBe(1);
  });
});

describe("refresh: one record per judgment", () => {
  it("the same judgment as a .txt and inside a CJO JSON record is one record with two sources, whatever the input order", async () => {
    const j = judgment(10);
    const other = judgment(11);
    // the .txt as typed up: CRLF line ends and full-width indentation
    const txt = j.text.split("\n").map((l) => "　　" + l).join("\r\n");
    const dir = join(base, `ws${++counter}`);
    await writeText(join(dir, "txt", "judgment.txt"), txt);
    await writeText(join(dir, "txt", "other.txt"), other.text);
    await writeText(join(dir, "cjo", "record.json"), JSON.stringify(cjoRecord(j, "e4b2c7d1a9f84e3b8c6d5a2f1b0e9c7d")));
    expect(textSimilarity(txt, j.text)).toBe(1);
    const files = [join(dir, "txt", "judgment.txt"), join(dir, "cjo", "record.json"), join(dir, "txt", "other.txt")];
    await writeText(join(dir, "a.json"), JSON.stringify({ output: "out-a", files }));
    await writeText(join(dir, "b.json"), JSON.stringify({ output: "out-b", files: [...files].reverse() }));

    const r = await runRefresh({ config: join(dir, "a.json") });
    expect(r.counts).toEqual({ documents: 3, added: 3, updated: 0, unchanged: 0, removed: 0, failed: 0, skipped: 0 });
    expect(r.records).toBe(2);
    expect(r.merged).toBe(1);
    const lines = await readFile(join(dir, "out-a", "corpus.jsonl"), "utf8");
    const records = lines.split("\n").filter(Boolean).map((l) => CorpusRecordSchema.parse(JSON.parse(l)));
    expect(records.map((x) => x.id)).toEqual(["e4b2c7d1a9f84e3b8c6d5a2f1b0e9c7d", "other"]);
    const merged = records[0];
    expect(merged.case.caseNumber).toBe("(2022)浙0106刑初110号");
    // equal evidence and warnings: the primary is the first in uri order, cjo/ before txt/
    expect(merged.sources!.map((s) => [s.uri, s.format, s.sourceId])).toEqual([
      ["file://" + join(dir, "cjo", "record.json"), "json", "e4b2c7d1a9f84e3b8c6d5a2f1b0e9c7d"],
      ["file://" + join(dir, "txt", "judgment.txt"), "txt", "judgment"],
    ]);
    expect(merged.sources![0]).toEqual(merged.source);
    expect(records[1].sources).toEqual([records[1].source]);

    await runRefresh({ config: join(dir, "b.json") });
    expect(await readFile(join(dir, "out-b", "corpus.jsonl"), "utf8")).toBe(lines);
  });

  it("judgments of one court sharing the boilerplate are not merged, with or without case numbers", async () => {
    const withoutNumber = (t: string) => t.split("\n").filter((_, k) => k !== 2).join("\n");
    // judgments 0, 3, 6 and 9 come from the same court and template
    const texts = { "a.txt": judgment(0).text, "b.txt": judgment(3).text, "c-nonum.txt": withoutNumber(judgment(6).text), "d-nonum.txt": withoutNumber(judgment(9).text) };
    const values = Object.values(texts);
    for (let x = 0; x < values.length; x++) {
      for (let y = x + 1; y < values.length; y++) {
        expect(textSimilarity(values[x], values[y])).toBeGreaterThan(0.6);
        expect(textSimilarity(values[x], values[y])).toBeLessThan(SIMILARITY_THRESHOLD);
      }
    }
    const ws = await workspace();
    for (const [name, text] of Object.entries(texts)) await writeText(join(ws.input, name), text);
    const r = await runRefresh({ config: ws.config });
    expect(r.records).toBe(4);
    expect((await corpus(ws)).map((x) => [x.id, x.case.caseNumber, x.case.court, x.sources!.length])).toEqual([
      ["a", "(2020)苏0104刑初100号", "江苏省南京市秦淮区人民法院", 1],
      ["b", "(2023)苏0104刑初103号", "江苏省南京市秦淮区人民法院", 1],
      ["c-nonum", null, "江苏省南京市秦淮区人民法院", 1],
      ["d-nonum", null, "江苏省南京市秦淮区人民法院", 1],
    ]);
  });

  it("near-identical texts with different case numbers are never merged; a copy without a number joins only one", async () => {
    const a = judgment(20);
    const c = judgment(20, { caseSerial: 999 });
    const b = a.text.split("\n").filter((_, k) => k !== 2).join("\n");
    expect(textSimilarity(a.text, c.text)).toBeGreaterThanOrEqual(SIMILARITY_THRESHOLD);
    expect(textSimilarity(b, a.text)).toBeGreaterThanOrEqual(SIMILARITY_THRESHOLD);
    expect(textSimilarity(b, c.text)).toBeGreaterThanOrEqual(SIMILARITY_THRESHOLD);
    const ws = await workspace();
    await writeText(join(ws.input, "a.txt"), a.text);
    await writeText(join(ws.input, "b.txt"), b);
    await writeText(join(ws.input, "c.txt"), c.text);
    await runRefresh({ config: ws.config });
    expect((await corpus(ws)).map((x) => [x.id, x.case.caseNumber, x.sources!.map((s) => s.sourceId)])).toEqual([
      ["a", "(2020)粤0305刑初120号", ["a", "b"]],
      ["c", "(2020)粤0305刑初999号", ["c"]],
    ]);
  });

  it("the exact threshold sits between the same judgment reformatted and different judgments of one court", async () => {
    const dir = join(base, `ws${++counter}`);
    const textOf = async (path: string): Promise<string> => {
      for await (const item of readSources([path])) if (item.kind === "doc") return item.doc.text;
      throw new Error(`no document in ${path}`);
    };
    let sameMin = 1;
    for (const i of [0, 7, 14]) {
      const j = judgment(i);
      const txt = j.text.split("\n").map((l) => "　　" + l).join("\r\n");
      await writeText(join(dir, `${i}.json`), JSON.stringify(cjoRecord(j, `k${i}`)));
      await writeText(join(dir, `${i}.html`), `<html><body><h1>${j.text.split("\n").join("</h1><p>")}</p></body></html>`);
      const cjo = await textOf(join(dir, `${i}.json`));
      const html = await textOf(join(dir, `${i}.html`));
      sameMin = Math.min(sameMin, exactSimilarity(txt, cjo), exactSimilarity(txt, html), exactSimilarity(cjo, html));
    }
    expect(sameMin).toBe(1);
    // different judgments of one court (0, 3, …, 57 share court and template)
    let differentMax = 0;
    for (let a = 0; a < 60; a++) for (let b = a + 3; b < 60; b += 3) differentMax = Math.max(differentMax, exactSimilarity(judgment(a).text, judgment(b).text));
    expect(differentMax).toBeCloseTo(0.699, 3);
    // the same judgment with the defendant renamed, and the same case with other sums: different judgments
    const j = judgment(6);
    expect(exactSimilarity(j.text, j.text.replaceAll(j.name, "赵某甲"))).toBeCloseTo(0.915, 3);
    expect(exactSimilarity(j.text, judgment(6, { variant: 1 }).text)).toBeLessThan(EXACT_THRESHOLD);
    expect(EXACT_THRESHOLD).toBe(0.97);
  });

  it("two judgments without case numbers that differ in the defendant are two records", async () => {
    const j = judgment(6);
    const withoutNumber = (t: string) => t.split("\n").filter((_, k) => k !== 2).join("\n");
    const ws = await workspace();
    await writeText(join(ws.input, "a.txt"), withoutNumber(j.text));
    await writeText(join(ws.input, "b.txt"), withoutNumber(j.text.replaceAll(j.name, "赵某甲")));
    const r = await runRefresh({ config: ws.config });
    expect([r.records, r.merged]).toEqual([2, 0]);
    expect((await corpus(ws)).map((x) => [x.id, x.case.caseNumber, x.defendants.map((d) => d.name)])).toEqual([
      ["a", null, [j.name]],
      ["b", null, ["赵某甲"]],
    ]);
  });

  it("dedup: a MinHash collision is caught by the exact check; a known court, type or defendant set that differs vetoes a merge", () => {
    const j = judgment(6);
    const renamedSplit = j.text.split("\n").map((l, k) => (k === 4 || (k >= 9 && k <= 12) ? l.replaceAll(j.name, "钱某乙").replace("有期徒刑", "拘役") : l)).join("\n");
    const texts: Record<string, string> = { "a": j.text, "b": renamedSplit, "c": j.text, "d": j.text, "e": j.text, "f": j.text };
    const doc = (uri: string, over: Partial<DedupDocument> = {}): DedupDocument => ({
      uri, contentHash: "sha256:" + uri, unit: "u", caseNumber: null, court: null, docType: null, defendants: null,
      signature: textSignature(j.text), evidence: 10, warnings: 0, ...over,
    });
    const run = (docs: DedupDocument[]) => groupDuplicates(docs, (i) => texts[docs[i].uri]).map((g) => g.map((i) => docs[i].uri));
    // b's stored signature says "identical" (as a chance collision of 128 bins could), its text does not
    expect(exactSimilarity(j.text, renamedSplit)).toBeLessThan(EXACT_THRESHOLD);
    expect(run([doc("a"), doc("b")])).toEqual([["a"], ["b"]]);
    // same text, no case numbers: merged, unless a known court, type or defendant set differs
    expect(run([doc("a"), doc("c")])).toEqual([["a", "c"]]);
    expect(run([doc("a", { court: "甲法院" }), doc("c", { court: "乙法院" })])).toEqual([["a"], ["c"]]);
    expect(run([doc("a", { docType: "judgment" }), doc("c", { docType: "ruling" })])).toEqual([["a"], ["c"]]);
    expect(run([doc("a", { defendants: ["王某"] }), doc("c", { defendants: ["赵某甲"] })])).toEqual([["a"], ["c"]]);
    // the same names in another order and another width are the same set
    expect(run([doc("a", { defendants: ["王某", "Ｌｉ"] }), doc("c", { defendants: ["Li", "王某"] })])).toEqual([["a", "c"]]);
    // a document that lacks the court joins one of two courts, never both
    expect(run([doc("a", { court: "甲法院" }), doc("c"), doc("d", { court: "乙法院" })])).toEqual([["a", "c"], ["d"]]);
    // the same case number, court and type merge without the text — but not across defendants
    const numbered = { caseNumber: "(2021)苏0104刑初106号", court: "甲法院", docType: "judgment" };
    expect(run([doc("e", { ...numbered, defendants: ["王某"] }), doc("f", { ...numbered, defendants: ["赵某甲"] })])).toEqual([["e"], ["f"]]);
    expect(run([doc("e", { ...numbered, signature: textSignature("x") }), doc("f", numbered)])).toEqual([["e", "f"]]);
  });

  it("dedup: a signature stored with another number of bins is recomputed from the text, not a crash", () => {
    const j = judgment(6);
    const old = Buffer.alloc(64 * 2, 0xff).toString("base64");
    const docs: DedupDocument[] = [
      { uri: "a", contentHash: "sha256:a", unit: "u", caseNumber: null, court: null, docType: null, defendants: null, signature: old, evidence: 1, warnings: 0 },
      { uri: "b", contentHash: "sha256:b", unit: "u", caseNumber: null, court: null, docType: null, defendants: null, signature: textSignature(j.text), evidence: 1, warnings: 0 },
      { uri: "c", contentHash: "sha256:c", unit: "u", caseNumber: null, court: null, docType: null, defendants: null, signature: old, evidence: 1, warnings: 0 },
    ];
    const texts = [j.text, j.text, judgment(9).text];
    const asked: number[] = [];
    expect(groupDuplicates(docs, (i) => (asked.push(i), texts[i]))).toEqual([[0, 1], [2]]);
    expect(asked).toContain(0);
    expect(asked).toContain(2);
  });

  it("groups do not depend on the order documents are given in", () => {
    const texts = [judgment(30).text, judgment(31).text, judgment(30).text.replace("　", " "), judgment(32).text];
    const docs: DedupDocument[] = [
      { uri: "file:///x/1.txt", contentHash: "sha256:1", unit: "u1", caseNumber: "(2022)苏0104刑初130号", court: "c", docType: "judgment", defendants: null, signature: textSignature(texts[0]), evidence: 40, warnings: 0 },
      { uri: "file:///x/2.txt", contentHash: "sha256:2", unit: "u2", caseNumber: "(2023)浙0106刑初131号", court: "d", docType: "judgment", defendants: null, signature: textSignature(texts[1]), evidence: 40, warnings: 0 },
      { uri: "file:///x/0.txt", contentHash: "sha256:3", unit: "u3", caseNumber: null, court: null, docType: null, defendants: null, signature: textSignature(texts[2]), evidence: 30, warnings: 1 },
      { uri: "file:///x/3.txt", contentHash: "sha256:4", unit: "u4", caseNumber: "(2022)苏0104刑初130号", court: "c", docType: "judgment", defendants: null, signature: textSignature(texts[3]), evidence: 41, warnings: 0 },
      { uri: "file:///x/4.txt", contentHash: "sha256:5", unit: "u5", caseNumber: "（2023）浙0106刑初131号", court: null, docType: null, defendants: null, signature: textSignature(texts[1]), evidence: 39, warnings: 0 },
    ];
    const textByUri = new Map(docs.map((d, k) => [d.uri, texts[[0, 1, 2, 3, 1][k]]]));
    const textsOf = (order: DedupDocument[]) => (i: number) => textByUri.get(order[i].uri)!;
    const named = (groups: number[][], order: DedupDocument[]) => groups.map((g) => g.map((i) => order[i].uri));
    const expected = [
      ["file:///x/2.txt", "file:///x/4.txt"],
      ["file:///x/3.txt", "file:///x/0.txt", "file:///x/1.txt"],
    ];
    expect(named(groupDuplicates(docs, textsOf(docs)), docs)).toEqual(expected);
    fc.assert(
      fc.property(fc.shuffledSubarray(docs, { minLength: docs.length, maxLength: docs.length }), (shuffled) => {
        expect(named(groupDuplicates(shuffled, textsOf(shuffled)), shuffled)).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });
});

describe("refresh: lock", () => {
  it("a second refresh while one holds the output exits 75 with a clear message", async () => {
    const ws = await workspace();
    await writeText(join(ws.input, "j.txt"), judgment(1).text);
    await runRefresh({ config: ws.config });
    const lock = await acquireLock(join(ws.out, "refresh.lock"));
    try {
      await expect(runRefresh({ config: ws.config })).rejects.toBeInstanceOf(LockedError);
      const r = cli(["refresh", "--config", ws.config]);
      expect(r.status).toBe(75);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(`another bangxin refresh is running on this output (pid ${process.pid} on ${hostname()}`);
      expect(r.stderr).toContain(join(ws.out, "refresh.lock"));
    } finally {
      await lock.release();
    }
    const after = cli(["refresh", "--config", ws.config, "--quiet"]);
    expect(after.stderr).toBe("");
    expect(after.status).toBe(0);
    expect(after.stdout).toMatch(/^1 documents: 0 added, 0 updated, 1 unchanged, 0 removed, 0 failed, 0 skipped; 1 records/);
  });

  it("a stale lock left by a process that no longer exists is taken over and released", async () => {
    const ws = await workspace();
    await writeText(join(ws.input, "j.txt"), judgment(1).text);
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    await writeText(join(ws.out, "refresh.lock"), JSON.stringify({ pid: dead, host: hostname(), startedAt: "2020-01-01T00:00:00.000Z" }));
    const r = await runRefresh({ config: ws.config });
    expect(r.records).toBe(1);
    await expect(readFile(join(ws.out, "refresh.lock"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("a lock left by an earlier process that had this process's pid (pids are reused after a reboot) is stale", async () => {
    const dir = join(base, `lock${++counter}`);
    const path = join(dir, "refresh.lock");
    await writeText(path, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: "2020-01-01T00:00:00.000Z", token: "from-before-the-reboot" }));
    const lock = await acquireLock(path);
    expect(JSON.parse(await readFile(path, "utf8")).token).not.toBe("from-before-the-reboot");
    await expect(acquireLock(path)).rejects.toBeInstanceOf(LockedError);
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it("of several runs breaking the same stale lock at once, exactly one gets it", async () => {
    const dir = join(base, `lock${++counter}`);
    const path = join(dir, "refresh.lock");
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    await writeText(path, JSON.stringify({ pid: dead, host: hostname(), startedAt: "2020-01-01T00:00:00.000Z" }));
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => acquireLock(path)));
    const won = results.filter((x) => x.status === "fulfilled");
    expect(won.length).toBe(1);
    expect(results.filter((x) => x.status === "rejected" && x.reason instanceof LockedError).length).toBe(5);
    expect(JSON.parse(await readFile(path, "utf8")).pid).toBe(process.pid);
    await (won[0] as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("refresh: failure share", () => {
  it("exits 3 when failures exceed maxFailureShare, and still writes the corpus", async () => {
    const ws = await workspace({ maxFailureShare: 0.2 });
    for (let i = 0; i < 3; i++) await writeText(join(ws.input, `j${i}.txt`), judgment(i).text);
    await writeText(join(ws.input, "notice.txt"), NOT_A_JUDGMENT);
    const r = cli(["refresh", "--config", ws.config, "--quiet"]);
    expect(r.status).toBe(3);
    expect(r.stderr).toBe(`bangxin refresh: 1 of 4 documents failed (25.0 %), more than maxFailureShare 20.0 %; see ${join(ws.out, "errors.jsonl")}\n`);
    expect((await corpus(ws)).length).toBe(3);
    expect((await errorLines(ws)).length).toBe(1);
    const report = JSON.parse(await readFile(r.stdout.match(/report (.*)\n/)![1], "utf8"));
    expect([report.failureShare, report.maxFailureShare, report.failureShareExceeded]).toEqual([0.25, 0.2, true]);

    await writeText(ws.config, JSON.stringify({ output: "out", folders: ["input"], maxFailureShare: 0.25 }));
    const ok = cli(["refresh", "--config", ws.config, "--quiet"]);
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
  });
});

describe("refresh: config", () => {
  it("rejects a bad config, a missing folder and a missing or invalid site profile before touching the output", async () => {
    const ws = await workspace({ folders: ["missing"] });
    await expect(runRefresh({ config: ws.config })).rejects.toThrow(`configured folder ${join(ws.dir, "missing")} does not exist`);
    await expect(readFile(join(ws.out, "corpus.jsonl"))).rejects.toMatchObject({ code: "ENOENT" });
    await writeText(ws.config, JSON.stringify({ output: "out", folders: ["input"], maxFailureShare: 2, colour: "red" }));
    await expect(runRefresh({ config: ws.config })).rejects.toThrow(ConfigError);
    await expect(runRefresh({ config: ws.config })).rejects.toThrow(/maxFailureShare: Too big: expected number to be <=1; Unrecognized key: "colour"/);
    await writeText(ws.config, JSON.stringify({ output: "out", sites: [{ profile: "p.json" }], contact: "https://example.org/contact" }));
    const profile = join(ws.dir, "p.json");
    await expect(runRefresh({ config: ws.config })).rejects.toThrow(ConfigError);
    const r = cli(["refresh", "--config", ws.config]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`bangxin refresh: cannot read site profile ${profile}: ENOENT: no such file or directory, open '${profile}'\n`);
    await writeText(profile, JSON.stringify({ name: "court", startUrls: ["http://127.0.0.1:1/list.html"] }));
    await expect(runRefresh({ config: ws.config })).rejects.toThrow(`site profile ${profile} is invalid:`);
    await expect(readFile(join(ws.out, "corpus.jsonl"))).rejects.toMatchObject({ code: "ENOENT" });
    expect(cli(["refresh"]).status).toBe(2);
  });
});

describe("refresh: library API", () => {
  it("index.ts exports the refresh", async () => {
    const api = await import("../index.js");
    expect([typeof api.runRefresh, typeof api.loadRefreshConfig, typeof api.groupDuplicates, api.SIMILARITY_THRESHOLD]).toEqual(["function", "function", "function", 0.9]);
    expect(new api.RefreshConfigError("x")).toBeInstanceOf(ConfigError);
  });
});

describe("refresh: sites", () => {
  it("takes documents from the injected crawler; what a later crawl no longer lists stays; a failed crawl is an error line", async () => {
    const ws = await workspace({ folders: [], sites: [{ profile: "court.json" }], contact: "https://example.org/bangxin" });
    const calls: unknown[] = [];
    let pages: SourceItem[] = [];
    let failAfter: number | null = null;
    const crawlSite: CrawlSite = async function* (profile, opts) {
      calls.push({ profile, cacheDir: opts.cacheDir, userAgent: opts.userAgent, offline: opts.offline });
      let n = 0;
      for (const p of pages) {
        if (failAfter !== null && n++ === failAfter) throw new Error("challenge page at http://127.0.0.1:1/list?page=2");
        yield p;
      }
    };
    const page = (i: number, variant = 0): SourceItem => {
      const text = judgment(i, { variant }).text;
      return {
        kind: "doc",
        doc: { id: `court-${i}`, uri: `http://127.0.0.1:1/case/${i}`, format: "html", text, contentHash: sha256(text), fetchedAt: "2024-05-01T02:00:00.000Z" },
      };
    };
    pages = [page(1), page(2), { kind: "error", uri: "http://127.0.0.1:1/case/3", reason: "HTTP 500 after 3 attempts", stage: "read" }];
    const first = await runRefresh({ config: ws.config, crawlSite });
    expect(calls).toEqual([{ profile: join(ws.dir, "court.json"), cacheDir: join(ws.out, "cache"), userAgent: "bangxin/0.1.0 (+https://example.org/bangxin)", offline: false }]);
    expect(first.counts).toEqual({ documents: 3, added: 2, updated: 0, unchanged: 0, removed: 0, failed: 1, skipped: 0 });
    expect((await corpus(ws)).map((r) => [r.id, r.source.uri, r.source.fetchedAt])).toEqual([
      ["court-1", "http://127.0.0.1:1/case/1", "2024-05-01T02:00:00.000Z"],
      ["court-2", "http://127.0.0.1:1/case/2", "2024-05-01T02:00:00.000Z"],
    ]);

    // the listing moved on: case 1 is gone from it, case 2 changed, case 4 is new
    pages = [page(2, 1), page(4)];
    const second = await runRefresh({ config: ws.config, crawlSite, offline: true });
    expect((calls[1] as { offline: boolean }).offline).toBe(true);
    expect(second.counts).toEqual({ documents: 3, added: 1, updated: 1, unchanged: 1, removed: 0, failed: 0, skipped: 0 });
    expect(second.extracted).toBe(2);
    expect((await corpus(ws)).map((r) => r.id)).toEqual(["court-1", "court-2", "court-4"]);

    pages = [page(2, 1), page(4), page(5)];
    failAfter = 1;
    const third = await runRefresh({ config: ws.config, crawlSite });
    expect(third.counts).toEqual({ documents: 4, added: 0, updated: 0, unchanged: 3, removed: 0, failed: 1, skipped: 0 });
    expect((await corpus(ws)).map((r) => r.id)).toEqual(["court-1", "court-2", "court-4"]);
    expect(await errorLines(ws)).toEqual([
      { input: "site:" + join(ws.dir, "court.json"), id: null, stage: "read", reason: "crawl failed: challenge page at http://127.0.0.1:1/list?page=2" },
    ]);
  });

  it("a document whose fetch fails tonight keeps its record, with the failure in errors.jsonl", async () => {
    const ws = await workspace({ folders: [], sites: [{ profile: "court.json" }], contact: "https://example.org/bangxin" });
    let pages: SourceItem[] = [];
    const crawlSite: CrawlSite = async function* () {
      yield* pages;
    };
    const page = (name: string, i: number): SourceItem => {
      const text = judgment(i).text;
      return { kind: "doc", doc: { id: name, uri: `http://127.0.0.1:1/${name}.html`, format: "html", text, contentHash: sha256(text), fetchedAt: null } };
    };
    pages = [page("a", 1), page("b", 2)];
    expect((await runRefresh({ config: ws.config, crawlSite })).records).toBe(2);
    pages = [page("a", 1), { kind: "error", uri: "http://127.0.0.1:1/b.html", reason: "HTTP 503 after 3 attempts", stage: "read" }];
    const night2 = await runRefresh({ config: ws.config, crawlSite });
    expect([night2.records, night2.counts]).toEqual([2, { documents: 3, added: 0, updated: 0, unchanged: 2, removed: 0, failed: 1, skipped: 0 }]);
    expect((await corpus(ws)).map((r) => r.source.uri)).toEqual(["http://127.0.0.1:1/a.html", "http://127.0.0.1:1/b.html"]);
    expect(await errorLines(ws)).toEqual([{ input: "http://127.0.0.1:1/b.html", id: null, stage: "read", reason: "HTTP 503 after 3 attempts" }]);
  });

  it("a uri the crawl yields twice is extracted once and counted as a skip", async () => {
    const ws = await workspace({ folders: [], sites: [{ profile: "court.json" }], contact: "https://example.org/bangxin" });
    const page = (name: string, i: number, variant = 0): SourceItem => {
      const text = judgment(i, { variant }).text;
      return { kind: "doc", doc: { id: name, uri: `http://127.0.0.1:1/${name}.html`, format: "html", text, contentHash: sha256(text), fetchedAt: null } };
    };
    const crawlSite: CrawlSite = async function* () {
      yield* [page("a", 1), page("a", 1, 1), page("b", 2), page("b", 2)];
    };
    const r = await runRefresh({ config: ws.config, crawlSite });
    expect([r.counts, r.extracted, r.records]).toEqual([{ documents: 4, added: 2, updated: 0, unchanged: 0, removed: 0, failed: 0, skipped: 2 }, 2, 2]);
    expect((await corpus(ws)).map((x) => x.text)).toEqual([judgment(1).text, judgment(2).text]);
  });

  it("a failure outside the crawler (the record store cannot be written) fails the run instead of becoming a crawl error", async () => {
    const ws = await workspace({ folders: [], sites: [{ profile: "court.json" }], contact: "https://example.org/bangxin" });
    const text = judgment(1).text;
    const crawlSite: CrawlSite = async function* () {
      // stands in for a write that fails while the item is processed (disk full): it throws in the
      // refresh's own handling of the item, not in the crawler's iteration
      yield { kind: "doc", doc: { id: "a", uri: "http://127.0.0.1:1/a.html", format: "html", text, fetchedAt: null,
        get contentHash(): string { throw new Error("ENOSPC: no space left on device, write"); } } };
    };
    await expect(runRefresh({ config: ws.config, crawlSite })).rejects.toThrow("ENOSPC: no space left on device, write");
    const left = await readdir(ws.out, { recursive: true });
    expect(left.filter((f) => /\.tmp-|refresh\.lock$|corpus\.jsonl$/.test(f))).toEqual([]);
  });
});

describe("refresh: small fixes", () => {
  it("failureShare is null when no document was counted", async () => {
    const ws = await workspace();
    await writeText(join(ws.input, "notes.md"), "# notes");
    const r = await runRefresh({ config: ws.config });
    expect([r.counts.documents, r.counts.skipped, r.failureShare, r.failureShareExceeded]).toEqual([1, 1, null, false]);
  });

  it("the User-Agent names the package version, which PACKAGE_VERSION matches", async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(PACKAGE_VERSION).toBe(pkg.version);
    const config = resolveConfig({ output: "out", folders: ["in"], contact: "https://example.org/c" }, "/x");
    expect(config.userAgent).toBe(`bangxin/${pkg.version} (+https://example.org/c)`);
  });

  it("the state is JSON lines: a header and a line per unit; a truncated state is dropped, not trusted", async () => {
    const ws = await workspace();
    await standardInputs(ws);
    await runRefresh({ config: ws.config });
    const path = join(ws.out, "state", "state.jsonl");
    const lines = (await readFile(path, "utf8")).split("\n");
    expect(lines.pop()).toBe("");
    const header = JSON.parse(lines[0]) as { stateVersion: number; lines: number; settings: { dedupVersion: number } };
    expect([header.stateVersion, header.lines, header.settings.dedupVersion, lines.length]).toEqual([2, 9, DEDUP_VERSION, 10]);
    expect(lines.slice(1).map((l) => (JSON.parse(l) as { key: string }).key)).toEqual(
      ["a/j0.txt", "a/j1.txt", "a/j2.txt", "b/j3.txt", "b/j4.txt", "b/j5.txt", "b/notice.txt", "b/readme.md", "dumps/dump.jsonl"].map((k) => "file:" + join(ws.input, k)),
    );
    await writeFile(path, lines.slice(0, 5).join("\n") + "\n");
    const again = await runRefresh({ config: ws.config });
    expect(again.notes).toEqual([`${path} is incomplete; starting afresh`]);
    expect(again.extracted).toBe(11);
  });

  it("a unit of 2,500 items is stored over three lines and read back whole", async () => {
    const ws = await workspace();
    await writeText(join(ws.input, "big.jsonl"), Array.from({ length: 2500 }, (_, i) => JSON.stringify({ id: `n${i}` })).join("\n") + "\n");
    await settle(ws.input);
    const first = await runRefresh({ config: ws.config });
    expect([first.counts.documents, first.counts.failed]).toEqual([2500, 2500]);
    const lines = (await readFile(join(ws.out, "state", "state.jsonl"), "utf8")).split("\n").filter(Boolean);
    expect(lines.map((l) => { const v = JSON.parse(l) as { items?: unknown[]; more?: unknown[] }; return (v.items ?? v.more)?.length ?? null; })).toEqual([null, 1000, 1000, 500]);
    const second = await runRefresh({ config: ws.config });
    expect([second.units.read, second.counts.documents, second.counts.failed, second.notes]).toEqual([0, 2500, 2500, []]);
  });
});
