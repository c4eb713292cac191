/**
 * Crash safety of `bangxin refresh`: the CLI is killed with SIGKILL at seeded random moments across
 * its run — at least LANDED of them while the refresh runs (after it took the lock and said so,
 * before it exited); a moment that missed (the run had finished, or was still starting) is drawn
 * again — over inputs that switch between two versions; after every kill a rerun must produce,
 * byte for byte, the corpus and errors an uninterrupted run on those inputs produces, and leave no
 * temporary file, no lock and no unreferenced record segment behind.
 */
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, readdir, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { runRefresh } from "../pipeline/refresh/index.js";
import { processAlive } from "../pipeline/atomicFiles.js";
import { cjoRecord, judgment, writeText } from "./fixtures/refresh/generate.js";

const ROOT = join(__dirname, "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
/** Kills that must land inside a running refresh. */
const LANDED = 10;
/** Attempts at most (start-up kills and misses included), so a machine where nothing lands fails instead of looping. */
const MAX_ATTEMPTS = 40;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "bangxin-crash-"));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** mulberry32: a small seeded generator, so the kill moments are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Files = Map<string, string>;

/** Version A: 60 .txt in three folders, two JSONL dumps (250 lines, one broken), a CJO record duplicating a .txt, a non-judgment. */
function versionA(): Files {
  const files: Files = new Map();
  for (let i = 0; i < 60; i++) files.set(`txt/${"abc"[i % 3]}/j${String(i).padStart(3, "0")}.txt`, judgment(i).text);
  const dump = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => JSON.stringify({ id: `d${from + k}`, text: judgment(from + k).text }));
  files.set("dumps/one.jsonl", dump(100, 250).join("\n") + "\n");
  const two = dump(300, 400);
  two[40] = '{"id": "broken", "text": "unterminated';
  files.set("dumps/two.jsonl", two.join("\n") + "\n");
  files.set("cjo/j005.json", JSON.stringify(cjoRecord(judgment(5), "cjo-j005")));
  files.set("txt/notice.txt", "会议通知：本周五下午三点召开全体会议。");
  return files;
}

/** Version B: five .txt changed, five deleted, ten added, one dump line changed, twenty lines appended to the other. */
function versionB(): Files {
  const files = versionA();
  for (let i = 10; i < 15; i++) files.set(`txt/${"abc"[i % 3]}/j${String(i).padStart(3, "0")}.txt`, judgment(i, { variant: 1 }).text);
  for (let i = 20; i < 25; i++) files.delete(`txt/${"abc"[i % 3]}/j${String(i).padStart(3, "0")}.txt`);
  for (let i = 500; i < 510; i++) files.set(`txt/new/j${i}.txt`, judgment(i).text);
  const one = files.get("dumps/one.jsonl")!.split("\n");
  one[50] = JSON.stringify({ id: "d150", text: judgment(150, { variant: 2 }).text });
  files.set("dumps/one.jsonl", one.join("\n"));
  const extra = Array.from({ length: 20 }, (_, k) => JSON.stringify({ id: `d${400 + k}`, text: judgment(400 + k).text }));
  files.set("dumps/two.jsonl", files.get("dumps/two.jsonl")! + extra.join("\n") + "\n");
  return files;
}

/** Make the input folder hold exactly `files`, writing only what differs (as a day's changes would). */
async function applyVersion(input: string, files: Files): Promise<void> {
  const present = await readdir(input, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of present) {
    const full = join(entry.parentPath, entry.name);
    if (entry.isFile() && !files.has(relative(input, full))) await unlink(full);
  }
  for (const [rel, content] of files) {
    const current = await readFile(join(input, rel), "utf8").catch(() => null);
    if (current !== content) await writeText(join(input, rel), content);
  }
}

async function listAll(root: string): Promise<string[]> {
  return ((await readdir(root, { recursive: true }).catch(() => [])) as string[]).map(String).sort();
}

interface Outputs {
  corpus: string;
  errors: string;
}

async function outputsOf(out: string): Promise<Outputs> {
  return { corpus: await readFile(join(out, "corpus.jsonl"), "utf8"), errors: await readFile(join(out, "errors.jsonl"), "utf8") };
}

interface Spawned {
  /** Each stderr line (the run's log) with the ms from spawn at which it arrived. */
  lines: { text: string; ms: number }[];
  /** ms from spawn to exit. */
  endMs: number;
  killed: boolean;
  code: number | null;
}

/** When to kill: `delayMs` after the spawn, or after the first log line matching `after`. */
type KillAt = { after: RegExp | null; delayMs: number };

/**
 * Run the CLI in its own process group and SIGKILL the whole group (tsx and the node it starts) at
 * `kill`. Moments are taken relative to log lines because the interpreter's start-up time varies
 * more than a small run's phases last.
 */
async function spawnRefresh(config: string, kill: KillAt | null): Promise<Spawned> {
  const child = spawn(TSX, [join(ROOT, "pipeline", "cli.ts"), "refresh", "--config", config], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
  });
  const t0 = performance.now();
  const lines: Spawned["lines"] = [];
  let partial = "";
  let mark: () => void = () => {};
  const marked = new Promise<void>((resolve) => (mark = resolve));
  if (kill && kill.after === null) mark();
  child.stderr!.on("data", (d: Buffer) => {
    const parts = (partial + d.toString()).split("\n");
    partial = parts.pop()!;
    for (const text of parts) {
      lines.push({ text, ms: performance.now() - t0 });
      if (kill?.after?.test(text)) mark();
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let killed = false;
  if (kill !== null) {
    const moment = marked.then(() => sleep(kill.delayMs));
    const first = await Promise.race([exited.then(() => "exit" as const), moment.then(() => "kill" as const)]);
    if (first === "kill") {
      killed = true;
      process.kill(-child.pid!, "SIGKILL");
    }
  }
  const code = await exited;
  return { lines, endMs: performance.now() - t0, killed, code };
}

const FIRST_LINE = /^refresh /;
const WRITING_LINE = /^writing /;

/** ms from spawn to the first line matching `re`. */
function lineTime(run: Spawned, re: RegExp): number {
  const line = run.lines.find((l) => re.test(l.text));
  if (!line) throw new Error(`no log line matching ${re}: ${JSON.stringify(run.lines)}`);
  return line.ms;
}

/** After a kill the lock may name a process that is still being torn down; wait until it is gone. */
async function waitForLockHolder(out: string): Promise<void> {
  const text = await readFile(join(out, "refresh.lock"), "utf8").catch(() => null);
  if (text === null) return;
  const { pid } = JSON.parse(text) as { pid: number };
  for (let i = 0; i < 200 && processAlive(pid); i++) await sleep(25);
  expect(processAlive(pid)).toBe(false);
}

describe("refresh: crash safety", () => {
  it(`a rerun after SIGKILL at ${LANDED} random moments inside the refresh gives the corpus of an uninterrupted run`, async () => {
    const input = join(dir, "input");
    const config = join(dir, "bangxin.config.json");
    const versions = [versionA(), versionB()];

    // uninterrupted runs of each version, from scratch, are the references
    const refs: Outputs[] = [];
    for (const [v, files] of versions.entries()) {
      await applyVersion(input, files);
      await writeText(config, JSON.stringify({ output: `ref${v}`, folders: ["input"] }));
      const report = await runRefresh({ config });
      expect(report.counts.failed).toBe(2);
      refs.push(await outputsOf(join(dir, `ref${v}`)));
    }
    expect(refs[0].corpus.split("\n").length - 1).toBe(60 + 150 + 99); // the CJO record merged into j005, the broken line an error
    expect(refs[1].corpus.split("\n").length - 1).toBe(60 - 5 + 10 + 150 + 99 + 20);

    // the same through the CLI, timed: a run from scratch (version A) and an incremental one (A → B)
    await applyVersion(input, versions[0]);
    await writeText(config, JSON.stringify({ output: "timing", folders: ["input"] }));
    const full = await spawnRefresh(config, null);
    expect(full.code).toBe(0);
    expect(await outputsOf(join(dir, "timing"))).toEqual(refs[0]);
    await applyVersion(input, versions[1]);
    const incremental = await spawnRefresh(config, null);
    expect(incremental.code).toBe(0);
    expect(await outputsOf(join(dir, "timing"))).toEqual(refs[1]);
    // the phases of each kind of run, as seen from its log: start-up (until it holds the lock and
    // says so), reading and extracting, writing the outputs
    const phases = (run: Spawned) => {
      const first = lineTime(run, FIRST_LINE);
      const writing = lineTime(run, WRITING_LINE);
      return { startup: first, read: writing - first, write: run.endMs - writing };
    };
    const timings = { full: phases(full), incremental: phases(incremental) };

    await writeText(config, JSON.stringify({ output: "out", folders: ["input"] }));
    const out = join(dir, "out");
    const random = seeded(20240501);
    const landed: string[] = [];
    let current = 0;
    let attempts = 0;
    for (let k = 0; landed.length < LANDED && k < MAX_ATTEMPTS; k++) {
      attempts++;
      // half the kills hit a run from scratch, half an incremental run switching the inputs to the other version
      const fromScratch = k === 0 || random() < 0.5;
      if (fromScratch) await rm(out, { recursive: true, force: true });
      const v = fromScratch ? (random() < 0.5 ? 0 : 1) : 1 - current;
      await applyVersion(input, versions[v]);
      const t = fromScratch ? timings.full : timings.incremental;
      // a random moment in a phase: reading and writing in turn, start-up (taking the lock) once —
      // a start-up kill lands before the run says anything, so it is not counted in `landed`
      const phase = k === 4 ? "startup" : (["read", "write"] as const)[k % 2];
      const after = { startup: null, read: FIRST_LINE, write: WRITING_LINE }[phase];
      const run = await spawnRefresh(config, { after, delayMs: random() * t[phase] });
      if (run.killed && run.lines.length > 0) landed.push(`${phase}: ${run.lines[run.lines.length - 1].text}`);

      // whatever the kill left: a corpus is whole (one version's, complete) or the previous one
      const left = await readFile(join(out, "corpus.jsonl"), "utf8").catch(() => null);
      if (left !== null) expect([refs[0].corpus, refs[1].corpus]).toContain(left);

      await waitForLockHolder(out);
      await runRefresh({ config });
      current = v;
      expect(await outputsOf(out)).toEqual(refs[v]);
      const files = await listAll(out);
      expect(files.filter((f) => /\.tmp-|\.break$|refresh\.lock$/.test(f))).toEqual([]);
      const units = (await readFile(join(out, "state", "state.jsonl"), "utf8")).split("\n").filter(Boolean).slice(1)
        .map((l) => JSON.parse(l) as { items: { kind: string; ref?: { seg: string }; textRef?: { seg: string } }[] });
      const referenced = new Set(units.flatMap((u) => u.items.flatMap((i) => (i.ref ? [i.ref.seg, i.textRef!.seg] : []))));
      expect(new Set(files.filter((f) => f.startsWith("state/records/")).map((f) => f.slice("state/records/".length)))).toEqual(referenced);
    }
    // LANDED kills hit a running refresh (not the interpreter starting up, not a finished run)
    expect(landed.length, `kills that landed mid-run: ${landed.length} of ${attempts}; last log lines: ${JSON.stringify(landed)}`).toBe(LANDED);
    // reading and writing both
    expect(landed.some((l) => l.startsWith("read:"))).toBe(true);
    expect(landed.some((l) => l.startsWith("write:"))).toBe(true);
  }, 120_000);
});
