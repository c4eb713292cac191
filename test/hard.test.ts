/**
 * The hard 帮信 set (test/fixtures/hard, gold written independently of the extractors, see
 * test/golden/HARD.md) scored with `bangxin eval`'s scorer. It guards generalisation: the
 * thresholds are the issue's acceptance thresholds, applied to documents the rules were not
 * written from.
 */
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPipeline } from "../pipeline/runner.js";
import { checkThresholds, evaluateFiles, type EvalReport } from "../pipeline/eval.js";

let out: string;
let report: EvalReport;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "bangxin-hard-"));
  const manifest = await runPipeline([join(__dirname, "fixtures", "hard")], { outDir: out, includeText: false });
  expect(manifest.counts).toEqual({ documents: 24, ok: 24, failed: 0, skipped: 0 });
  report = await evaluateFiles(join(__dirname, "golden", "hard.gold.jsonl"), join(out, "corpus.jsonl"));
}, 60_000);
afterAll(async () => rm(out, { recursive: true, force: true }));

describe("hard 帮信 set", () => {
  it("finds every gold document", () => {
    expect(report.documents.missing).toEqual([]);
    expect(report.documents.matched).toBe(24);
  });

  it("meets the acceptance thresholds (micro ≥ 0.97, every field ≥ 0.90)", async () => {
    const failures = checkThresholds(report).map((f) => f.message);
    expect(failures).toEqual([]);
    expect(report.micro.accuracy).toBeGreaterThanOrEqual(0.97);
  });

  it("matches every gold value (1036 scored values)", () => {
    const mismatches = report.mismatches.map((m) => `${m.docId} ${m.defendant ?? ""} ${m.field}: gold ${JSON.stringify(m.gold)} got ${JSON.stringify(m.got)}`);
    expect(mismatches).toEqual([]);
    expect(report.micro).toEqual({ scored: 1036, correct: 1036, accuracy: 1 });
    expect([report.acts.precision, report.acts.recall]).toEqual([1, 1]);
  });
});
