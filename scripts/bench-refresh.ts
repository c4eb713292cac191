/**
 * `npm run bench:refresh`: how long a nightly refresh takes when nothing changed, against the first
 * full run over the same inputs.
 *
 * Builds, under the OS temp directory, N judgments (default 50,000; BENCH_DOCS to change) of 2–6 KB
 * from the bundled sample judgments — names and digits varied, every case number made unique — spread
 * the way a researcher's inputs are: 10 % as .txt files in folders of 100, the rest in JSONL dumps of
 * 3,000 records (a fifth of the dumps in the China Judgments Online shape, the judgment as HTML), and
 * 1 % of the .txt judgments once more inside a CJO dump (the same judgment from two sources). File
 * times are set a day back, as they are for files that arrived before last night. Then, each in its
 * own process (so each has its own peak RSS):
 *   first      — refresh from scratch: every document read, extracted, deduplicated, written;
 *   unchanged  — refresh again, nothing changed;
 *   one-change — refresh after one .txt was edited (for comparison).
 * The target: the unchanged refresh takes under 5 % of the time of the first run.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundledSamplesDir } from "../pipeline/runner.js";
import { runRefresh, type RefreshReport } from "../pipeline/refresh/index.js";
import { executableNodeOptions } from "../pipeline/runtime.js";

const TXT_SHARE = 0.1;
const TXT_PER_FOLDER = 100;
const RECORDS_PER_DUMP = 3000;
const DUPLICATE_SHARE = 0.01;

interface Measure {
  /** runRefresh alone, in the child. */
  refreshMs: number;
  /** The child process from spawn to exit, Node start-up included. */
  wallMs: number;
  maxRssMb: number;
  report: Pick<RefreshReport, "counts" | "records" | "merged" | "extracted" | "units" | "corpusRewritten" | "timings">;
}

/** A judgment's text and its own case number as written in it. */
interface Template {
  text: string;
  caseNumber: string;
}

const OWN_CASE_NUMBER = /[（(〔][0-9０-９]{4}[）)〕][^号\n]{1,20}?刑[初终]字?第?[0-9０-９]+号/;

async function templates(): Promise<Template[]> {
  const dir = await bundledSamplesDir();
  const out: Template[] = [];
  for (const f of (await readdir(dir)).sort()) {
    if (!f.endsWith(".txt")) continue;
    const text = (await readFile(join(dir, f))).toString("utf8").replace(/^\uFEFF/, "");
    const bytes = Buffer.byteLength(text);
    const caseNumber = OWN_CASE_NUMBER.exec(text)?.[0];
    // UTF-8 judgments of 2–6 KB whose case number can be made unique
    if (!text.includes("\uFFFD") && bytes >= 2048 && bytes <= 6144 && caseNumber) out.push({ text, caseNumber });
  }
  if (out.length === 0) throw new Error("no sample judgments to build the bench inputs from");
  return out;
}

function cjoLine(id: string, text: string): string {
  const html = text.split("\n").map((l) => `<div style='LINE-HEIGHT: 25pt; TEXT-INDENT: 30pt;'>${l.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</div>`).join("");
  return JSON.stringify({ wsKey: id, s8: "刑事案件", qwContent: `<HTML><BODY>${html}</BODY></HTML>` });
}

/** Write the inputs; returns what was written. */
async function buildInputs(root: string, n: number): Promise<{ documents: number; txtFiles: number; dumps: number; bytes: number }> {
  const bases = await templates();
  const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
  let seed = 20240501;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % k;
  };
  const judgmentText = (i: number): string => {
    const base = bases[i % bases.length];
    // the case number is set aside while digits vary, then comes back with a serial no other document has
    return base.text
      .split(base.caseNumber)
      .map((part) => part.replace(/\d/g, (d) => (rnd(4) === 0 ? String(rnd(10)) : d)).replace(/([王李张刘陈])某/g, () => surnames[rnd(surnames.length)] + "某"))
      .join(base.caseNumber.replace(/[0-9０-９]+号$/, `${100000 + i}号`));
  };
  const txtCount = Math.round(n * TXT_SHARE);
  const dumpCount = Math.ceil((n - txtCount) / RECORDS_PER_DUMP);
  let bytes = 0;
  let documents = 0;
  const duplicates: string[] = [];
  for (let i = 0; i < txtCount; i++) {
    const folder = join(root, "incoming", `batch-${String(Math.floor(i / TXT_PER_FOLDER)).padStart(3, "0")}`);
    if (i % TXT_PER_FOLDER === 0) await mkdir(folder, { recursive: true });
    const text = judgmentText(i);
    await writeFile(join(folder, `judgment-${i}.txt`), text);
    bytes += Buffer.byteLength(text);
    documents++;
    if (i % Math.round(1 / DUPLICATE_SHARE) === 0) duplicates.push(cjoLine(`dup-${i}`, text));
  }
  await mkdir(join(root, "dumps"), { recursive: true });
  for (let d = 0; d < dumpCount; d++) {
    const cjo = d % 5 === 4;
    const lines: string[] = [];
    for (let i = txtCount + d * RECORDS_PER_DUMP; i < Math.min(n, txtCount + (d + 1) * RECORDS_PER_DUMP); i++) {
      const text = judgmentText(i);
      lines.push(cjo ? cjoLine(`cjo-${i}`, text) : JSON.stringify({ id: `bench-${i}`, text }));
    }
    if (cjo) lines.push(...duplicates.splice(0, duplicates.length));
    documents += lines.length;
    const content = lines.join("\n") + "\n";
    bytes += Buffer.byteLength(content);
    await writeFile(join(root, "dumps", `dump-${String(d).padStart(2, "0")}${cjo ? "-cjo" : ""}.jsonl`), content);
  }
  if (duplicates.length > 0) throw new Error("no CJO dump took the duplicates: raise BENCH_DOCS");
  return { documents, txtFiles: txtCount, dumps: dumpCount, bytes };
}

/** Every file's times set a day back: files that arrived before last night. */
async function settle(root: string, at: Date): Promise<void> {
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) await utimes(join(entry.parentPath, entry.name), at, at);
  }
}

async function child(config: string): Promise<void> {
  const t0 = performance.now();
  const report = await runRefresh({ config });
  const refreshMs = performance.now() - t0;
  const { counts, records, merged, extracted, units, corpusRewritten, timings } = report;
  process.stdout.write(JSON.stringify({ refreshMs, maxRssMb: process.resourceUsage().maxRSS / 1024, report: { counts, records, merged, extracted, units, corpusRewritten, timings } }) + "\n");
}

/** The Node options the bangxin executable runs `bangxin refresh` under (pipeline/runtime.ts). */
const NODE_OPTIONS = executableNodeOptions();

function measure(self: string, config: string): Measure {
  const t0 = performance.now();
  const out = execFileSync(process.execPath, [...NODE_OPTIONS, self, "refresh", config], { encoding: "utf8", maxBuffer: 1 << 20 });
  const wallMs = performance.now() - t0;
  return { ...(JSON.parse(out.trim().split("\n").pop()!) as Omit<Measure, "wallMs">), wallMs };
}

async function main(): Promise<void> {
  const [mode, arg] = process.argv.slice(2);
  if (mode === "refresh") return child(arg);

  const n = Number(process.env.BENCH_DOCS ?? 50000);
  const root = await mkdtemp(join(tmpdir(), "bangxin-bench-refresh-"));
  try {
    const tBuild = performance.now();
    const built = await buildInputs(join(root, "inputs"), n);
    await settle(join(root, "inputs"), new Date(Date.now() - 86_400_000));
    const config = join(root, "bangxin.config.json");
    await writeFile(config, JSON.stringify({ output: "out", folders: ["inputs/incoming"], files: (await readdir(join(root, "inputs", "dumps"))).sort().map((f) => `inputs/dumps/${f}`) }));
    process.stdout.write(
      `bench inputs: ${built.documents} documents (${n} judgments), ${built.txtFiles} .txt files in folders of ${TXT_PER_FOLDER}, ` +
      `${built.dumps} JSONL dumps; ${(built.bytes / 1e6).toFixed(1)} MB; built in ${((performance.now() - tBuild) / 1000).toFixed(1)} s under ${root}\n`,
    );

    const self = fileURLToPath(import.meta.url);
    const first = measure(self, config);
    const unchanged = measure(self, config);
    const edited = join(root, "inputs", "incoming", "batch-000", "judgment-7.txt");
    await writeFile(edited, (await readFile(edited, "utf8")).replace("本院认为", "本院经审理认为"));
    await settle(join(root, "inputs", "incoming", "batch-000"), new Date(Date.now() - 60_000));
    const oneChange = measure(self, config);

    const corpusBytes = (await stat(join(root, "out", "corpus.jsonl"))).size;
    const row = (name: string, m: Measure) => {
      const c = m.report.counts;
      return `${name.padEnd(11)} ${(m.refreshMs / 1000).toFixed(2).padStart(7)} s ${(m.wallMs / 1000).toFixed(2).padStart(7)} s ` +
        `${m.maxRssMb.toFixed(0).padStart(6)} MB  ${String(m.report.units.read).padStart(5)} files read, ${String(m.report.extracted).padStart(5)} extracted, ` +
        `added ${c.added}, updated ${c.updated}, unchanged ${c.unchanged}, failed ${c.failed}; ${m.report.records} records` +
        `${m.report.corpusRewritten ? "" : " (corpus left as it was)"}`;
    };
    process.stdout.write(`run         refresh    process  peak RSS\n${row("first", first)}\n${row("unchanged", unchanged)}\n${row("one-change", oneChange)}\n`);
    process.stdout.write(`corpus.jsonl: ${(corpusBytes / 1e6).toFixed(1)} MB; first run ${first.report.merged} documents merged into another record\n`);
    const ratio = unchanged.refreshMs / first.refreshMs;
    const wallRatio = unchanged.wallMs / first.wallMs;
    process.stdout.write(
      `unchanged / first: ${(ratio * 100).toFixed(2)} % (refresh), ${(wallRatio * 100).toFixed(2)} % (whole process)\n` +
      `target: unchanged refresh < 5 % of the first run — ${ratio < 0.05 ? "met" : "NOT met"}\n`,
    );
    if (unchanged.report.extracted !== 0 || unchanged.report.counts.unchanged !== first.report.counts.added) {
      throw new Error("the unchanged refresh did not find every document unchanged");
    }
  } finally {
    if (process.env.BENCH_KEEP) process.stdout.write(`kept ${root}\n`);
    else await rm(root, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  process.stderr.write(`bench:refresh: ${e.stack ?? e.message}\n`);
  process.exitCode = 1;
});
