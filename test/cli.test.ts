/** The CLI is a thin layer: check each command end to end through a real process. */
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as api from "../index.js";

const ROOT = join(__dirname, "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const JUDGMENT = "江苏省南京市秦淮区人民法院 刑事判决书 （2021）苏0104刑初333号 公诉机关南京市秦淮区人民检察院。 被告人钱某，女，1999年7月8日出生，汉族。 本院认为，被告人钱某构成帮助信息网络犯罪活动罪，自愿认罪认罚。依照《中华人民共和国刑法》第二百八十七条之二之规定，判决如下： 被告人钱某犯帮助信息网络犯罪活动罪，判处有期徒刑七个月，缓刑一年，并处罚金人民币三千元。 审判员李某 二〇二一年六月十五日";
let dir: string;

function cli(args: string[], input?: string) {
  return spawnSync(TSX, [join(ROOT, "pipeline", "cli.ts"), ...args], { cwd: ROOT, input, encoding: "utf8", timeout: 60_000 });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "bangxin-cli-"));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe("bangxin CLI", () => {
  it("schema prints the JSON Schema of the record", () => {
    const r = cli(["schema"]);
    expect(r.status).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.properties.defendants.items.properties.sentence.anyOf[0].properties.principal.anyOf[0].enum).toEqual([
      "fixed-term", "detention", "surveillance", "fine-only", "exempt", "life", "death-suspended", "death"]);
  });

  it("run reads stdin and writes corpus, errors and manifest; eval scores it", async () => {
    const out = join(dir, "out");
    const r = cli(["run", "-", "--out", out, "--quiet"], JSON.stringify({ id: "stdin-1", text: JUDGMENT }) + "\n");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("1 documents: 1 in corpus, 0 in errors.jsonl, 0 skipped");
    const record = JSON.parse((await readFile(join(out, "corpus.jsonl"), "utf8")).trim());
    expect(record.id).toBe("stdin-1");
    expect(record.defendants[0].sentence).toEqual({ principal: "fixed-term", termMonths: 7, probationMonths: 12, fineYuan: 3000, confiscationOfProperty: false });
    const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8"));
    expect(manifest.counts).toEqual({ documents: 1, ok: 1, failed: 0, skipped: 0 });

    const gold = join(dir, "gold.jsonl");
    await writeFile(gold, JSON.stringify({ id: "stdin-1", case: { caseNumber: "(2021)苏0104刑初333号" }, defendants: [{ name: "钱某", sentence: { termMonths: 7, fineYuan: 3000 }, factors: { plea: true } }] }) + "\n");
    const e = cli(["eval", "--gold", gold, "--corpus", join(out, "corpus.jsonl"), "--json"]);
    expect(e.status).toBe(0);
    const report = JSON.parse(e.stdout);
    expect(report.micro).toEqual({ scored: 6, correct: 6, accuracy: 1 });
    expect(report.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      "case.caseNumber", "defendants.count", "defendants.factors.plea", "defendants.name", "defendants.sentence.fineYuan", "defendants.sentence.termMonths"]);
  });

  it("rejects an unknown command and a missing --gold with exit code 2", () => {
    expect(cli(["frobnicate"]).status).toBe(2);
    expect(cli(["eval", "--corpus", "x"]).status).toBe(2);
  });
});

describe("library API", () => {
  it("exports the pipeline and the schema", () => {
    expect(typeof api.extractDocument).toBe("function");
    expect(typeof api.runPipeline).toBe("function");
    expect(typeof api.readSources).toBe("function");
    const record = api.extractDocument({ id: "x", uri: "mem://x", format: "txt", text: JUDGMENT, contentHash: "sha256:" + "a".repeat(64), fetchedAt: null });
    expect(api.CorpusRecordSchema.parse(record).case.caseNumber).toBe("(2021)苏0104刑初333号");
    expect(record.evidence["/case/caseNumber"]).toEqual({ start: JUDGMENT.indexOf("（2021）"), end: JUDGMENT.indexOf("号 公诉") + 1, rule: "zh.case.number" });
  });
});
