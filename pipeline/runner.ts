/**
 * The run: sources → extractDocument → validate → sinks. Every input ends up in exactly one
 * of corpus.jsonl, errors.jsonl or the manifest's skipped count; one bad document never stops
 * the run. Output files are written under temporary names and renamed at the end, so an
 * interrupted run never leaves a partial corpus behind.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { CorpusRecord } from "../corpus/schema.js";
import { corpusRecordProblems } from "../corpus/validate.js";
import { readSources } from "./sources/index.js";
import type { SourceDocument } from "./sources/types.js";
import { extractDocument } from "./extractDocument.js";
import { EXTRACTOR_VERSION } from "./version.js";
import { CHUNK_BYTES, LineSink } from "./lineSink.js";

export interface RunOptions {
  /** Output directory; corpus.jsonl, errors.jsonl and manifest.json go there. */
  outDir: string;
  includeText?: boolean;
  stdin?: NodeJS.ReadableStream;
  /** Called for each record before it is written (the refresh and tests hook in here). */
  onRecord?: (record: CorpusRecord) => void;
  /** Progress callback, every `progressEvery` documents. */
  onProgress?: (counts: RunCounts) => void;
  progressEvery?: number;
}

export interface RunCounts {
  documents: number;
  ok: number;
  failed: number;
  skipped: number;
}

export interface ErrorLine {
  input: string;
  id: string | null;
  stage: "read" | "decode" | "parse" | "extract" | "validate";
  reason: string;
}

export interface Manifest {
  schemaVersion: 1;
  extractorVersion: string;
  startedAt: string;
  finishedAt: string;
  /** What the run was given (files, directories, "-"). */
  arguments: string[];
  /** Every file a document came from, with its size and SHA-256 ("-" for stdin). */
  inputs: { path: string; bytes: number | null; contentHash: string | null }[];
  /** Why each skipped item was skipped (the first 1,000). */
  skipped: { input: string; reason: string }[];
  counts: RunCounts;
  warnings: number;
  timings: { totalMs: number; readMs: number; extractMs: number; validateMs: number; writeMs: number; documentsPerSecond: number };
  outputs: { corpus: string; errors: string; manifest: string };
}

export const DEFAULT_SAMPLES_DIR = fileURLToPath(new URL("../../corpus/samples", import.meta.url));

/** Where the bundled samples are, whether running from dist/ or from the sources (vitest/tsx). */
export async function bundledSamplesDir(): Promise<string> {
  const candidates = [DEFAULT_SAMPLES_DIR, fileURLToPath(new URL("../corpus/samples", import.meta.url))];
  for (const c of candidates) {
    try {
      if ((await stat(c)).isDirectory()) return c;
    } catch {
      /* try the next layout */
    }
  }
  throw new Error(`bundled sample corpus not found (looked in ${candidates.join(", ")})`);
}

const MAX_SKIPPED_LISTED = 1000;

async function hashFile(path: string): Promise<{ bytes: number | null; contentHash: string | null }> {
  if (path === "-") return { bytes: null, contentHash: null };
  try {
    const st = await stat(path);
    if (!st.isFile()) return { bytes: null, contentHash: null };
    const h = createHash("sha256");
    for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
    return { bytes: st.size, contentHash: "sha256:" + h.digest("hex") };
  } catch {
    return { bytes: null, contentHash: null };
  }
}

/** A document that has nothing of a judgment is an error, not an empty record. */
function notAJudgmentReason(record: CorpusRecord): string | null {
  const c = record.case;
  if (record.language === "zh" && c.caseNumber === null && c.court === null && record.defendants.length === 0 &&
    !record.sections.some((s) => s.kind === "judgment")) {
    return "not a court judgment: no court, case number, defendant or result found";
  }
  return null;
}

/** Ids must be unique in a corpus; a repeated source id gets "~2", "~3" … and keeps source.sourceId. */
export class IdAllocator {
  private readonly seen = new Map<string, number>();
  allocate(id: string): string {
    const n = (this.seen.get(id) ?? 0) + 1;
    this.seen.set(id, n);
    return n === 1 ? id : `${id}~${n}`;
  }
}

export type CheckedRecord = { ok: true; record: CorpusRecord } | { ok: false; error: ErrorLine };

/**
 * One document through the extractor, the not-a-judgment check and the schema: a valid record or
 * the error line that says why there is none. Never throws for a bad document.
 */
export function extractChecked(
  doc: SourceDocument,
  options: {
    includeText?: boolean;
    /** Turns the extracted id into the one the record gets, before validation (the run makes ids unique here). */
    allocateId?: (id: string) => string;
    /** Time spent is added here. */
    timings?: { extractMs: number; validateMs: number };
  } = {},
): CheckedRecord {
  const t = options.timings;
  let record: CorpusRecord;
  const t0 = performance.now();
  try {
    record = extractDocument(doc, { includeText: options.includeText });
  } catch (e) {
    if (t) t.extractMs += performance.now() - t0;
    return { ok: false, error: { input: doc.uri, id: doc.id, stage: "extract", reason: `extractor failed: ${(e as Error).message}` } };
  }
  const t1 = performance.now();
  if (t) t.extractMs += t1 - t0;
  const notJudgment = notAJudgmentReason(record);
  if (notJudgment) return { ok: false, error: { input: doc.uri, id: doc.id, stage: "extract", reason: notJudgment } };
  if (options.allocateId) record.id = options.allocateId(record.id);
  const issues = corpusRecordProblems(record);
  if (t) t.validateMs += performance.now() - t1;
  if (issues !== null) {
    return { ok: false, error: { input: doc.uri, id: record.id, stage: "validate", reason: `record does not match schema: ${issues}` } };
  }
  return { ok: true, record };
}

export async function runPipeline(inputs: string[], options: RunOptions): Promise<Manifest> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const paths = { corpus: join(outDir, "corpus.jsonl"), errors: join(outDir, "errors.jsonl"), manifest: join(outDir, "manifest.json") };
  const tmpSuffix = `.tmp-${process.pid}-${started}`;
  // several chunks may be in flight before write() asks to wait, so writing overlaps extraction
  const corpusOut = createWriteStream(paths.corpus + tmpSuffix, { highWaterMark: 8 * CHUNK_BYTES });
  const errorsOut = createWriteStream(paths.errors + tmpSuffix, { highWaterMark: 8 * CHUNK_BYTES });
  const corpus = new LineSink(corpusOut);
  const errors = new LineSink(errorsOut);

  const counts: RunCounts = { documents: 0, ok: 0, failed: 0, skipped: 0 };
  const t = { readMs: 0, extractMs: 0, validateMs: 0, writeMs: 0 };
  let warnings = 0;
  const ids = new IdAllocator();
  const every = options.progressEvery ?? 1000;
  // Set when a sink has a full chunk; the loop awaits the flush before reading on.
  let flushCorpus = false;
  let flushErrors = false;

  const fail = (line: ErrorLine): void => {
    counts.failed++;
    if (errors.add(JSON.stringify(line))) flushErrors = true;
  };

  /** Extract, validate and queue one document; synchronous so that a document costs no await. */
  const handleDocument = (doc: SourceDocument): void => {
    const checked = extractChecked(doc, { includeText: options.includeText, allocateId: (id) => ids.allocate(id), timings: t });
    if (!checked.ok) {
      fail(checked.error);
      return;
    }
    const record = checked.record;
    const t2 = performance.now();
    options.onRecord?.(record);
    warnings += record.warnings.length;
    if (corpus.add(JSON.stringify(record))) flushCorpus = true;
    t.writeMs += performance.now() - t2;
    counts.ok++;
  };

  const inputFiles = new Set<string>();
  const skipped: Manifest["skipped"] = [];
  try {
    const source = readSources(inputs, { stdin: options.stdin });
    let tRead = performance.now();
    for await (const item of source) {
      t.readMs += performance.now() - tRead;
      counts.documents++;
      const uri = item.kind === "doc" ? item.doc.uri : item.uri;
      inputFiles.add(uri.startsWith("file://") ? uri.slice("file://".length).replace(/#[^#/]*$/, "") : "-");
      if (item.kind === "skip") {
        counts.skipped++;
        if (skipped.length < MAX_SKIPPED_LISTED) skipped.push({ input: item.uri, reason: item.reason });
      } else if (item.kind === "error") {
        fail({ input: item.uri, id: null, stage: item.stage, reason: item.reason });
      } else {
        handleDocument(item.doc);
      }
      if (flushCorpus || flushErrors) {
        const tw = performance.now();
        if (flushCorpus) await corpus.flush();
        if (flushErrors) await errors.flush();
        flushCorpus = flushErrors = false;
        t.writeMs += performance.now() - tw;
      }
      if (options.onProgress && counts.documents % every === 0) options.onProgress({ ...counts });
      tRead = performance.now();
    }

    const tw = performance.now();
    await corpus.close();
    await errors.close();
    t.writeMs += performance.now() - tw;
    const inputsInfo = [];
    for (const p of [...inputFiles].sort()) inputsInfo.push({ path: p, ...(await hashFile(p)) });
    const totalMs = Date.now() - started;
    const manifest: Manifest = {
      schemaVersion: 1,
      extractorVersion: EXTRACTOR_VERSION,
      startedAt,
      finishedAt: new Date().toISOString(),
      arguments: inputs.map((p) => (p === "-" ? "-" : resolve(p))),
      inputs: inputsInfo,
      skipped,
      counts,
      warnings,
      timings: {
        totalMs,
        readMs: Math.round(t.readMs),
        extractMs: Math.round(t.extractMs),
        validateMs: Math.round(t.validateMs),
        writeMs: Math.round(t.writeMs),
        documentsPerSecond: totalMs > 0 ? Math.round((counts.documents / totalMs) * 1000) : counts.documents,
      },
      outputs: paths,
    };
    await writeFile(paths.manifest + tmpSuffix, JSON.stringify(manifest, null, 2) + "\n");
    // rename last: corpus and errors first, the manifest (which vouches for them) at the end
    await rename(paths.corpus + tmpSuffix, paths.corpus);
    await rename(paths.errors + tmpSuffix, paths.errors);
    await rename(paths.manifest + tmpSuffix, paths.manifest);
    return manifest;
  } catch (e) {
    corpusOut.destroy();
    errorsOut.destroy();
    await rm(paths.corpus + tmpSuffix, { force: true });
    await rm(paths.errors + tmpSuffix, { force: true });
    await rm(paths.manifest + tmpSuffix, { force: true });
    throw e;
  }
}
