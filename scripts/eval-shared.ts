/**
 * `npm run eval:shared`: the real-data evaluation CI runs. Extracts the dev split in
 * ../shared/data/real, scores it against ../shared/data/gold/dev.gold.jsonl and fails when
 * the thresholds are not met:
 *   - all 318 inputs accounted for (corpus + errors + skipped);
 *   - micro-accuracy ≥ 0.97, every field with ≥ 10 scored (and ≥ 10 stated) values ≥ 0.90;
 *   - ≥ 98 % of the judge-dev documents have a non-null sentence.principal for every defendant.
 * The shared data is read in place, never copied into the repository.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runPipeline } from "../pipeline/runner.js";
import { evaluateFiles, formatReport, checkThresholds } from "../pipeline/eval.js";
import type { CorpusRecord } from "../corpus/schema.js";

const SHARED = resolve(process.env.BANGXIN_SHARED ?? join(process.cwd(), "..", "shared"));
const JUDGE = join(SHARED, "data/real/judge-dev.jsonl");
const SIMUCOURT = join(SHARED, "data/real/simucourt-dev.jsonl");
const GOLD = join(SHARED, "data/gold/dev.gold.jsonl");
const EXPECTED_INPUTS = 318;
const PRINCIPAL_COVERAGE_MIN = 0.98;

async function main(): Promise<number> {
  for (const f of [JUDGE, SIMUCOURT, GOLD]) {
    if (!existsSync(f)) {
      process.stderr.write(`eval:shared: ${f} not found (set BANGXIN_SHARED to the shared directory)\n`);
      return 2;
    }
  }
  const out = await mkdtemp(join(tmpdir(), "bangxin-eval-"));
  const failures: string[] = [];
  try {
    const manifest = await runPipeline([JUDGE, SIMUCOURT], { outDir: out, includeText: false });
    const c = manifest.counts;
    process.stdout.write(`inputs: ${c.documents} (${c.ok} in corpus, ${c.failed} errors, ${c.skipped} skipped) in ${manifest.timings.totalMs} ms\n`);
    if (c.documents !== EXPECTED_INPUTS || c.ok + c.failed + c.skipped !== c.documents) {
      failures.push(`expected ${EXPECTED_INPUTS} inputs accounted for, got ${c.documents} (ok ${c.ok} + failed ${c.failed} + skipped ${c.skipped})`);
    }
    if (c.failed > 0) {
      process.stdout.write((await readFile(join(out, "errors.jsonl"), "utf8")).split("\n").slice(0, 10).join("\n") + "\n");
    }

    // Acceptance 3: every defendant of a judge-dev document has a principal penalty.
    const records = (await readFile(join(out, "corpus.jsonl"), "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l) as CorpusRecord);
    const judge = records.filter((r) => r.id.startsWith("judge-"));
    const misses = judge.filter((r) => r.defendants.length === 0 || r.defendants.some((d) => d.sentence?.principal == null));
    const coverage = judge.length > 0 ? (judge.length - misses.length) / 250 : 0;
    process.stdout.write(`principal coverage (judge-dev): ${(coverage * 100).toFixed(1)} % of 250 documents (${misses.length} misses${misses.length ? ": " + misses.map((r) => r.id).join(", ") : ""})\n`);
    if (coverage < PRINCIPAL_COVERAGE_MIN) failures.push(`principal coverage ${(coverage * 100).toFixed(1)} % < ${PRINCIPAL_COVERAGE_MIN * 100} %`);

    const report = await evaluateFiles(GOLD, join(out, "corpus.jsonl"));
    process.stdout.write(formatReport(report) + "\n");
    for (const f of checkThresholds(report)) failures.push(f.message);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    process.stdout.write(`eval:shared FAILED:\n${failures.map((f) => "  - " + f).join("\n")}\n`);
    return 1;
  }
  process.stdout.write("eval:shared passed: all thresholds met\n");
  return 0;
}

main().then((code) => { process.exitCode = code; }, (e: Error) => { process.stderr.write(`eval:shared: ${e.stack ?? e.message}\n`); process.exitCode = 1; });
