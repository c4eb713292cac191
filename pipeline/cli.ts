#!/usr/bin/env node
/**
 * `bangxin` command line: a thin layer over the library API.
 *   bangxin run [inputs…] --out DIR [--no-text]
 *   bangxin eval --gold G --corpus C [--json]
 *   bangxin schema
 */
import { parseArgs } from "node:util";
import { runPipeline, bundledSamplesDir } from "./runner.js";
import { evaluateFiles, formatReport, checkThresholds } from "./eval.js";
import { corpusJsonSchema } from "../corpus/schema.js";

const USAGE = `Usage:
  bangxin run [inputs…] [--out DIR] [--no-text]   extract judgments (files, directories, "-" for stdin;
                                                  default: the bundled sample corpus) into DIR (default: output)
  bangxin eval --gold FILE --corpus FILE [--json] [--strict]
                                                  score a corpus against gold annotations; --strict exits 1
                                                  below the thresholds (micro 0.97, fields 0.90)
  bangxin schema                                  print the corpus record's JSON Schema
`;

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
