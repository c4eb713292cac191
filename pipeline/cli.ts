#!/usr/bin/env node
/**
 * `bangxin` command line: a thin layer over the library API.
 *   bangxin run [inputs…] --out DIR [--no-text]
 *   bangxin eval --gold G --corpus C [--json]
 *   bangxin refresh --config FILE [--offline] [--quiet]
 *   bangxin schema
 */
import { parseArgs } from "node:util";
import { runPipeline, bundledSamplesDir } from "./runner.js";
import { evaluateFiles, formatReport, checkThresholds } from "./eval.js";
import { corpusJsonSchema } from "../corpus/schema.js";
import { runRefresh, ConfigError, LockedError, type RefreshProgress } from "./refresh/index.js";

/** Exit codes of `bangxin refresh` besides 0 (done) and 1 (the run itself failed). */
const EXIT_USAGE = 2;
const EXIT_TOO_MANY_FAILURES = 3;
/** sysexits' EX_TEMPFAIL: another refresh holds the output; try again later. */
const EXIT_LOCKED = 75;

const USAGE = `Usage:
  bangxin run [inputs…] [--out DIR] [--no-text]   extract judgments (files, directories, "-" for stdin;
                                                  default: the bundled sample corpus) into DIR (default: output)
  bangxin eval --gold FILE --corpus FILE [--json] [--strict]
                                                  score a corpus against gold annotations; --strict exits 1
                                                  below the thresholds (micro 0.97, fields 0.90)
  bangxin refresh --config FILE [--offline] [--quiet]
                                                  incremental run over the folders, files and sites in FILE
                                                  (bangxin.config.json); exit 3 when failures exceed
                                                  maxFailureShare, 75 when another refresh is running
  bangxin schema                                  print the corpus record's JSON Schema
`;

function statusLine(p: RefreshProgress): string {
  const reading = p.phase === "read" ? ` ${p.unitsRead}/${p.unitsToRead} files` : "";
  return `${p.phase}${reading}: ${p.documents} documents, ${p.extracted} extracted, ${p.failed} failed`;
}

async function refreshCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { config: { type: "string" }, offline: { type: "boolean", default: false }, quiet: { type: "boolean", default: false } },
  });
  if (!values.config) {
    process.stderr.write("bangxin refresh: --config is required\n" + USAGE);
    return EXIT_USAGE;
  }
  const tty = process.stderr.isTTY === true && !values.quiet;
  let status = "";
  let lastDrawn = 0;
  let lastPhase = "";
  const clearStatus = (): void => {
    if (status) process.stderr.write("\r\x1b[K");
    status = "";
  };
  try {
    const report = await runRefresh({
      config: values.config,
      offline: values.offline || undefined,
      log: values.quiet ? undefined : (line) => {
        clearStatus();
        process.stderr.write(line + "\n");
      },
      onProgress: tty ? (p) => {
        // redrawn at most ten times a second (a refresh reports every file), and at each new phase
        const now = Date.now();
        if (p.phase === lastPhase && now - lastDrawn < 100) return;
        lastPhase = p.phase;
        lastDrawn = now;
        status = statusLine(p);
        process.stderr.write("\r\x1b[K" + status);
      } : undefined,
    });
    clearStatus();
    const c = report.counts;
    process.stdout.write(
      `${c.documents} documents: ${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged, ${c.removed} removed, ` +
      `${c.failed} failed, ${c.skipped} skipped; ${report.records} records (${report.merged} documents merged into another); ` +
      `${report.extracted} extracted; ${report.timings.totalMs} ms\n` +
      (report.corpusRewritten ? `wrote ${report.outputs.corpus}\n` : `corpus unchanged: ${report.outputs.corpus}\n`) +
      `report ${report.outputs.report}\n`,
    );
    if (report.failureShareExceeded) {
      process.stderr.write(
        `bangxin refresh: ${c.failed} of ${c.documents - c.skipped} documents failed (${(report.failureShare * 100).toFixed(1)} %), ` +
        `more than maxFailureShare ${(report.maxFailureShare * 100).toFixed(1)} %; see ${report.outputs.errors}\n`,
      );
      return EXIT_TOO_MANY_FAILURES;
    }
    return 0;
  } catch (e) {
    clearStatus();
    if (e instanceof LockedError) {
      process.stderr.write(`bangxin refresh: ${e.message}\n`);
      return EXIT_LOCKED;
    }
    if (e instanceof ConfigError) {
      process.stderr.write(`bangxin refresh: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "run": {
      const { values, positionals } = parseArgs({
        args: rest, allowPositionals: true,
        options: { out: { type: "string", default: "output" }, "no-text": { type: "boolean", default: false }, quiet: { type: "boolean", default: false } },
      });
      const inputs = positionals.length > 0 ? positionals : [await bundledSamplesDir()];
      const tty = process.stderr.isTTY && !values.quiet;
      const manifest = await runPipeline(inputs, {
        outDir: values.out!,
        includeText: !values["no-text"],
        stdin: process.stdin,
        onProgress: tty ? (c) => process.stderr.write(`\r${c.documents} documents: ${c.ok} ok, ${c.failed} failed, ${c.skipped} skipped`) : undefined,
      });
      if (tty) process.stderr.write("\n");
      const c = manifest.counts;
      process.stdout.write(
        `${c.documents} documents: ${c.ok} in corpus, ${c.failed} in errors.jsonl, ${c.skipped} skipped; ` +
        `${manifest.warnings} warnings; ${manifest.timings.totalMs} ms\n` +
        `wrote ${manifest.outputs.corpus}\n`,
      );
      return 0;
    }
    case "eval": {
      const { values } = parseArgs({
        args: rest,
        options: { gold: { type: "string" }, corpus: { type: "string" }, json: { type: "boolean", default: false }, strict: { type: "boolean", default: false } },
      });
      if (!values.gold || !values.corpus) {
        process.stderr.write("bangxin eval: --gold and --corpus are required\n" + USAGE);
        return 2;
      }
      const report = await evaluateFiles(values.gold, values.corpus);
      const failures = checkThresholds(report);
      if (values.json) process.stdout.write(JSON.stringify({ ...report, thresholdFailures: failures }, null, 2) + "\n");
      else {
        process.stdout.write(formatReport(report) + "\n");
        process.stdout.write(failures.length === 0 ? "thresholds: all met\n" : `thresholds: ${failures.length} not met\n` + failures.map((f) => `  ${f.message}\n`).join(""));
      }
      return values.strict && failures.length > 0 ? 1 : 0;
    }
    case "refresh":
      return refreshCommand(rest);
    case "schema":
      process.stdout.write(JSON.stringify(corpusJsonSchema(), null, 2) + "\n");
      return 0;
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`bangxin: unknown command "${command}"\n` + USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: Error) => { process.stderr.write(`bangxin: ${e.message}\n`); process.exitCode = 1; },
);
