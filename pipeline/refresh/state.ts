/**
 * What the previous refresh saw: per input unit (a file, a site) its metadata and the items it
 * yielded, each document with the contentHash it had, where its extracted record (and its text, for
 * dedup) is stored and what dedup needs to know about it. For file units the state is a memo, never
 * the truth: an entry is used only when the file's metadata (or the document's content hash) and
 * the extraction settings match, so a stale or missing state costs time, not correctness. For site
 * units crawled with pipeline/web the same holds: documents a listing no longer shows are read back
 * from the response cache. Only for an injected crawler (tests), which has no cache, are the
 * documents the crawl no longer yields kept from this state alone; losing it loses them.
 *
 * On disk: JSON lines (state/state.jsonl) — a header, then per unit a line with its first
 * ITEMS_PER_LINE items and a continuation line per further ITEMS_PER_LINE — written under a
 * temporary name and renamed, read back line by line, so neither the state nor one dump of a
 * million records is bounded by the largest string V8 can hold.
 */
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import { z } from "zod";
import { writeLinesAtomically } from "../lineSink.js";
import type { FileMeta } from "./files.js";
import type { RecordRef } from "./records.js";

export const STATE_VERSION = 2;
/** Items per line of state.jsonl: about 1 MB. */
const ITEMS_PER_LINE = 1000;

/** What a stored record depends on besides the document: a change re-extracts everything. */
export interface ExtractionSettings {
  extractorVersion: string;
  includeText: boolean;
  schemaVersion: number;
  /** DEDUP_VERSION: what a stored signature holds. */
  dedupVersion: number;
}

export interface DocItem {
  kind: "doc";
  uri: string;
  format: string;
  /** The id the source gave (SourceDocument.id). */
  sourceId: string | null;
  contentHash: string;
  fetchedAt: string | null;
  /** The id the extractor gave the record (before ids are made unique across the corpus). */
  recordId: string;
  ref: RecordRef;
  /** The document's text (one JSON string), for dedup's exact comparison. */
  textRef: RecordRef;
  /** Dedup features of the record. */
  caseNumber: string | null;
  court: string | null;
  docType: string | null;
  /** The defendants' names; null when the extractor found none. */
  defendants: string[] | null;
  signature: string;
  evidence: number;
  warnings: number;
}

export interface FailedItem {
  kind: "error";
  uri: string;
  id: string | null;
  stage: "read" | "decode" | "parse" | "extract" | "validate";
  reason: string;
  /** For a document the extractor rejected: its hash, so the same content is not tried again. */
  contentHash?: string;
}

export interface SkippedItem {
  kind: "skip";
  uri: string;
  reason: string;
}

export type ItemState = DocItem | FailedItem | SkippedItem;

export interface UnitState {
  kind: "file" | "site" | "scan";
  /** File path, site profile path, or "" for the folder scan's own findings. */
  path: string;
  /** File metadata when read (file units). */
  meta: FileMeta | null;
  /**
   * False when the metadata cannot vouch for the content: the file was modified so shortly before
   * it was read that a later change could leave size and times as they were; such a unit is read again.
   */
  metaTrusted: boolean;
  items: ItemState[];
}

export interface OutputFingerprint {
  corpus: FileMeta | null;
  errors: FileMeta | null;
}

export interface RefreshState {
  stateVersion: typeof STATE_VERSION;
  settings: ExtractionSettings;
  /** Unit key ("file:<path>", "site:<profile>", "scan:") → state. */
  units: Record<string, UnitState>;
  /** Digest of everything the corpus is built from; equal digests give equal corpora. */
  corpusDigest: string;
  /** Records in the corpus built from this state. */
  records: number;
  /** corpus.jsonl and errors.jsonl as this run left them; a mismatch means they must be rebuilt. */
  outputs: OutputFingerprint;
  /** The run that wrote this state. */
  runId: string;
}

// The state is read back with a shallow structural check: it is our own file, written
// atomically; a wrong version or shape means "no memo", never a failed run.
const HeaderShape = z.object({
  stateVersion: z.literal(STATE_VERSION),
  settings: z.object({ extractorVersion: z.string(), includeText: z.boolean(), schemaVersion: z.number(), dedupVersion: z.number() }),
  corpusDigest: z.string(),
  records: z.number(),
  outputs: z.object({}).loose(),
  runId: z.string(),
  /** Lines after the header. */
  lines: z.number().int().nonnegative(),
});
const UnitShape = z.object({ key: z.string(), kind: z.string(), path: z.string(), items: z.array(z.unknown()) }).loose();
const ContinuationShape = z.object({ key: z.string(), more: z.array(z.unknown()) }).strict();

export async function loadState(path: string): Promise<{ state: RefreshState | null; problem: string | null }> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { state: null, problem: null };
    return { state: null, problem: `cannot read ${path}: ${(e as Error).message}` };
  }
  const stream = handle.createReadStream({ encoding: "utf8" });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let header: z.infer<typeof HeaderShape> | null = null;
  const units: Record<string, UnitState> = {};
  let count = 0;
  try {
    for await (const line of lines) {
      if (header === null) {
        const checked = HeaderShape.safeParse(JSON.parse(line));
        if (!checked.success) return { state: null, problem: `${path} is not a state this version understands; starting afresh` };
        header = checked.data;
        continue;
      }
      const value: unknown = JSON.parse(line);
      count++;
      const more = ContinuationShape.safeParse(value);
      if (more.success && units[more.data.key]) {
        units[more.data.key].items.push(...(more.data.more as ItemState[]));
        continue;
      }
      const checked = UnitShape.safeParse(value);
      if (!checked.success) return { state: null, problem: `${path} line ${count + 1} is not a unit; starting afresh` };
      const { key, ...unit } = checked.data;
      units[key] = unit as unknown as UnitState;
    }
  } catch (e) {
    if (e instanceof SyntaxError) return { state: null, problem: `${path} is not valid JSON lines (${e.message}); starting afresh` };
    return { state: null, problem: `cannot read ${path}: ${(e as Error).message}` };
  } finally {
    lines.close();
    stream.destroy();
    await handle.close().catch(() => {});
  }
  if (header === null || count !== header.lines) {
    return { state: null, problem: `${path} is incomplete; starting afresh` };
  }
  const { lines: _lines, ...rest } = header;
  return { state: { ...(rest as unknown as Omit<RefreshState, "units">), units }, problem: null };
}

/** Write the state as JSON lines under a temporary name, flushed to disk, and rename it into place. */
export async function saveState(path: string, state: RefreshState): Promise<void> {
  await writeLinesAtomically(path, async (sink) => {
    const { units, ...header } = state;
    let lines = 0;
    for (const unit of Object.values(units)) lines += Math.max(1, Math.ceil(unit.items.length / ITEMS_PER_LINE));
    sink.add(JSON.stringify({ ...header, lines }));
    for (const [key, unit] of Object.entries(units)) {
      if (sink.add(JSON.stringify({ key, ...unit, items: unit.items.slice(0, ITEMS_PER_LINE) }))) await sink.flush();
      for (let from = ITEMS_PER_LINE; from < unit.items.length; from += ITEMS_PER_LINE) {
        if (sink.add(JSON.stringify({ key, more: unit.items.slice(from, from + ITEMS_PER_LINE) }))) await sink.flush();
      }
    }
  });
}

export function sameSettings(a: ExtractionSettings, b: ExtractionSettings): boolean {
  return a.extractorVersion === b.extractorVersion && a.includeText === b.includeText && a.schemaVersion === b.schemaVersion &&
    a.dedupVersion === b.dedupVersion;
}
