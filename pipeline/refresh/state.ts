/**
 * What the previous refresh saw: per input unit (a file, a site) its metadata and the items it
 * yielded, each document with the contentHash it had, where its extracted record is stored and
 * what dedup needs to know about it. The state is a memo, never the truth: an entry is used only
 * when the file's metadata (or the document's content hash) and the extraction settings match, so
 * a stale or missing state costs time, not correctness.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { FileMeta } from "./files.js";
import type { RecordRef } from "./records.js";
import { writeFileAtomic } from "./files.js";

export const STATE_VERSION = 1;

/** What a stored record depends on besides the document: a change re-extracts everything. */
export interface ExtractionSettings {
  extractorVersion: string;
  includeText: boolean;
  schemaVersion: number;
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
  /** Dedup features of the record. */
  caseNumber: string | null;
  court: string | null;
  docType: string | null;
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

// The state file is read back with a shallow structural check: it is our own file, written
// atomically; a wrong version or shape means "no memo", never a failed run.
const StateShape = z.object({
  stateVersion: z.literal(STATE_VERSION),
  settings: z.object({ extractorVersion: z.string(), includeText: z.boolean(), schemaVersion: z.number() }),
  units: z.record(z.string(), z.object({ kind: z.string(), path: z.string(), items: z.array(z.unknown()) }).loose()),
  corpusDigest: z.string(),
  records: z.number(),
  outputs: z.object({}).loose(),
  runId: z.string(),
});

export async function loadState(path: string): Promise<{ state: RefreshState | null; problem: string | null }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { state: null, problem: null };
    return { state: null, problem: `cannot read ${path}: ${(e as Error).message}` };
  }
  try {
    const value: unknown = JSON.parse(text);
    const checked = StateShape.safeParse(value);
    if (!checked.success) return { state: null, problem: `${path} is not a state this version understands; starting afresh` };
    return { state: value as RefreshState, problem: null };
  } catch (e) {
    return { state: null, problem: `${path} is not valid JSON (${(e as Error).message}); starting afresh` };
  }
}

export async function saveState(path: string, state: RefreshState): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(state) + "\n");
}

export function sameSettings(a: ExtractionSettings, b: ExtractionSettings): boolean {
  return a.extractorVersion === b.extractorVersion && a.includeText === b.includeText && a.schemaVersion === b.schemaVersion;
}
