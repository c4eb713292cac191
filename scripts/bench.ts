/**
 * `npm run bench`: throughput and memory of the full pipeline against a floor.
 *
 * Builds a JSONL corpus of N documents (default 10,000; BENCH_DOCS to change) from the bundled
 * sample judgments, varying names and numbers so no two documents are identical, then runs in
 * separate child processes (so each has its own peak RSS):
 *   floor    — read the file, decode each line, one regex pass over the text;
 *   pipeline — `runPipeline` on the same file: sources → extraction → validation → corpus.jsonl.
 * Each is repeated BENCH_REPEAT times (default 5: this machine's speed drifts by ±15% from one
 * minute to the next, and the median of five is steadier than of three); medians are printed.
 * Both run under the Node options the `bangxin` executable starts the pipeline with
 * (pipeline/runtime.ts), so the figures are those of `bangxin run`.
 */
import { execFileSync } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { runPipeline, bundledSamplesDir } from "../pipeline/runner.js";
import { executableNodeOptions } from "../pipeline/runtime.js";

interface Measure { docs: number; bytes: number; ms: number; maxRssMb: number }

async function buildCorpus(path: string, n: number): Promise<number> {
  const dir = await bundledSamplesDir();
  const templates: string[] = [];
  for (const f of (await readdir(dir)).sort()) {
    if (!f.endsWith(".txt")) continue;
    const buf = await readFile(join(dir, f));
    const text = buf.toString("utf8").replace(/^\uFEFF/, "");
    if (!text.includes("\uFFFD") && text.length >= 500) templates.push(text);
  }
  if (templates.length === 0) throw new Error("no UTF-8 .txt samples to build the bench corpus from");
  const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
  let seed = 42;
  const rnd = (k: number): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % k; };
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    let t = templates[i % templates.length];
    // vary digits and the first character of masked names so documents differ
    t = t.replace(/\d/g, (d) => (rnd(4) === 0 ? String(rnd(10)) : d)).replace(/([王李张刘陈])某/g, () => surnames[rnd(surnames.length)] + "某");
    // keep documents in the 2–6 KB range the target is stated for
    if (Buffer.byteLength(t) > 6144) t = t.slice(0, 2000);
    const line = JSON.stringify({ id: `bench-${i}`, text: t });
    bytes += Buffer.byteLength(line) + 1;
    lines.push(line);
  }
  await writeFile(path, lines.join("\n") + "\n");
  return bytes;
}

async function floor(path: string): Promise<Measure> {
  const t0 = performance.now();
  let docs = 0;
  let hits = 0;
  const re = /判处(?:有期徒刑|拘役|管制)[^，。]{1,12}/g;
  const rl = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line) continue;
    const doc = JSON.parse(line) as { text: string };
    hits += doc.text.match(re)?.length ?? 0;
    docs++;
  }
  if (hits < 0) throw new Error("unreachable");
  return { docs, bytes: (await stat(path)).size, ms: performance.now() - t0, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function pipeline(path: string): Promise<Measure> {
  const out = await mkdtemp(join(tmpdir(), "bangxin-bench-out-"));
  try {
    const t0 = performance.now();
    const m = await runPipeline([path], { outDir: out, includeText: true });
    if (m.counts.ok + m.counts.failed + m.counts.skipped !== m.counts.documents) throw new Error("counts do not add up");
    return { docs: m.counts.documents, bytes: (await stat(path)).size, ms: performance.now() - t0, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  const [mode, path] = process.argv.slice(2);
  if (mode === "floor" || mode === "pipeline") {
    const m = mode === "floor" ? await floor(path) : await pipeline(path);
    process.stdout.write(JSON.stringify(m) + "\n");
    return;
  }
  const n = Number(process.env.BENCH_DOCS ?? 10000);
  const repeat = Number(process.env.BENCH_REPEAT ?? 5);
  const nodeOptions = executableNodeOptions();
  const dir = await mkdtemp(join(tmpdir(), "bangxin-bench-"));
  const corpus = join(dir, "bench.jsonl");
  try {
    const bytes = await buildCorpus(corpus, n);
    process.stdout.write(`bench corpus: ${n} documents, ${(bytes / 1e6).toFixed(1)} MB (${Math.round(bytes / n)} bytes/document)\n`);
    process.stdout.write(`node options (as the bangxin executable): ${nodeOptions.length > 0 ? nodeOptions.join(" ") : "none"}; ${availableParallelism()} cores\n`);
    const self = fileURLToPath(import.meta.url);
    const results: Record<string, Measure[]> = { floor: [], pipeline: [] };
    for (let r = 0; r < repeat; r++) {
      for (const mode of ["floor", "pipeline"] as const) {
        const out = execFileSync(process.execPath, [...nodeOptions, self, mode, corpus], { encoding: "utf8", maxBuffer: 1 << 20 });
        results[mode].push(JSON.parse(out.trim().split("\n").pop()!) as Measure);
      }
    }
    const summary = (ms: Measure[]) => ({
      docsPerSec: median(ms.map((m) => (m.docs / m.ms) * 1000)),
      mbPerSec: median(ms.map((m) => m.bytes / 1e6 / (m.ms / 1000))),
      peakRssMb: median(ms.map((m) => m.maxRssMb)),
    });
    const f = summary(results.floor);
    const p = summary(results.pipeline);
    const row = (name: string, s: ReturnType<typeof summary>) =>
      `${name.padEnd(9)} ${s.docsPerSec.toFixed(0).padStart(9)} docs/s ${s.mbPerSec.toFixed(2).padStart(8)} MB/s ${s.peakRssMb.toFixed(0).padStart(6)} MB peak RSS`;
    process.stdout.write(`medians of ${repeat} runs, one process each, one core:\n${row("floor", f)}\n${row("pipeline", p)}\n`);
    process.stdout.write(`pipeline/floor throughput ratio: ${(p.docsPerSec / f.docsPerSec).toFixed(4)} (floor is ${(f.docsPerSec / p.docsPerSec).toFixed(1)}x faster)\n`);
    process.stdout.write(`target: ≥ 1000 docs/s and < 300 MB peak RSS — ${p.docsPerSec >= 1000 && p.peakRssMb < 300 ? "met" : "NOT met"}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e: Error) => { process.stderr.write(`bench: ${e.stack ?? e.message}\n`); process.exitCode = 1; });
