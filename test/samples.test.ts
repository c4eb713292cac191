/**
 * The bundled sample corpus against its hand-reviewed golden values
 * (test/golden/samples.gold.jsonl, written by reading each sample, not from program output).
 */
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPipeline, type Manifest } from "../pipeline/runner.js";
import { CorpusRecordSchema, type CorpusRecord } from "../corpus/schema.js";
import { scoreCorpus, type GoldRecord } from "../pipeline/eval.js";

const SAMPLES = join(__dirname, "..", "corpus", "samples");
const GOLDEN = join(__dirname, "golden", "samples.gold.jsonl");
let out: string;
let manifest: Manifest;
let corpus: CorpusRecord[];

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "bangxin-samples-"));
  manifest = await runPipeline([SAMPLES], { outDir: out });
  corpus = (await readFile(join(out, "corpus.jsonl"), "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l));
}, 60_000);
afterAll(async () => rm(out, { recursive: true, force: true }));

/** Every non-null primitive under case and defendants, as JSON Pointers. */
function valuePaths(value: unknown, path: string, out: string[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) value.forEach((v, i) => valuePaths(v, `${path}/${i}`, out));
  else if (typeof value === "object") for (const [k, v] of Object.entries(value)) valuePaths(v, `${path}/${k}`, out);
  else out.push(path);
}

describe("bundled samples", () => {
  it("has a hand-reviewed golden file (missing golden = failure, never written silently)", () => {
    expect(existsSync(GOLDEN)).toBe(true);
  });

  it("extracts every sample into a valid record", () => {
    expect(manifest.counts.failed).toBe(0);
    expect(manifest.counts.ok).toBe(manifest.counts.documents - manifest.counts.skipped);
    expect(manifest.counts.ok).toBeGreaterThanOrEqual(25);
    for (const r of corpus) expect(CorpusRecordSchema.safeParse(r).success, r.id).toBe(true);
  });

  it("gives evidence inside the text for every non-null value", () => {
    for (const r of corpus) {
      const paths: string[] = [];
      valuePaths(r.case, "/case", paths);
      valuePaths(r.defendants, "/defendants", paths);
      for (const p of paths) {
        // a value inside an object that is evidenced as a whole (Money, an act, a custody step) is covered by its parent
        const e = r.evidence[p] ?? r.evidence[p.slice(0, p.lastIndexOf("/"))];
        expect(e, `${r.id} ${p}`).toBeDefined();
        expect(e.start).toBeLessThanOrEqual(e.end);
        expect(e.end).toBeLessThanOrEqual(r.text!.length);
      }
    }
  });

  it("matches the golden values exactly", async () => {
    const gold: GoldRecord[] = (await readFile(GOLDEN, "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l));
    expect(gold.length).toBeGreaterThanOrEqual(25);
    const report = scoreCorpus(gold, corpus);
    const mismatches = report.mismatches.map((m) => `${m.docId} ${m.defendant ?? ""} ${m.field}: gold ${JSON.stringify(m.gold)} got ${JSON.stringify(m.got)}`);
    expect(report.documents.missing).toEqual([]);
    expect(mismatches).toEqual([]);
  });
});
