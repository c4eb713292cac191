import type { BigIntStats, Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { basename, extname, join, resolve, sep } from "node:path";
import { fileInput, streamInput, type ByteInput } from "./inputs.js";
import { previewText, readCsv, readJson, readJsonl, readSingleDocument, messageOf } from "./readers.js";
import type { SourceItem } from "./types.js";

export type { SourceDocument, SourceItem } from "./types.js";
export { decodeBytes, DecodeError, type TextEncodingName } from "./decode.js";
export { htmlToText } from "./html.js";
export { composeText } from "./compose.js";
export { mapRecord, type MappedRecord } from "./records.js";
export { FIELD_MAPS, type FieldMap, type ComposeTable, type ComposeRow, type ComposeEntry } from "./fieldMaps.js";

/** Default cap on a single-document input (.txt, .html, a .json object, stdin): 20 MB. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

export interface ReadSourcesOptions {
  /** What "-" reads; process.stdin by default. */
  stdin?: NodeJS.ReadableStream;
  /** Largest single document accepted, in bytes. */
  maxDocumentBytes?: number;
}

type Reader = (input: ByteInput, limit: number) => AsyncGenerator<SourceItem>;

/** File extensions read, with the SourceDocument.format they give and their reader. */
const READERS: Record<string, { format: string; read: Reader }> = {
  ".txt": { format: "txt", read: (input, limit) => readSingleDocument(input, "txt", limit) },
  ".html": { format: "html", read: (input, limit) => readSingleDocument(input, "html", limit) },
  ".htm": { format: "html", read: (input, limit) => readSingleDocument(input, "html", limit) },
  ".json": { format: "json", read: readJson },
  ".jsonl": { format: "jsonl", read: readJsonl },
  ".ndjson": { format: "jsonl", read: readJsonl },
  ".csv": { format: "csv", read: (input) => readCsv(input) },
};

function errorItem(uri: string, reason: string): SourceItem {
  return { kind: "error", uri, reason, stage: "read" };
}

/** A reader's items, with anything it throws turned into an error item so the next input still runs. */
async function* guarded(uri: string, items: () => AsyncGenerator<SourceItem>): AsyncGenerator<SourceItem> {
  try {
    yield* items();
  } catch (err) {
    yield errorItem(uri, messageOf(err));
  }
}

async function* readFilePath(path: string, size: number, limit: number): AsyncGenerator<SourceItem> {
  const uri = "file://" + path;
  const extension = extname(path).toLowerCase();
  const reader = READERS[extension];
  if (!reader) {
    const reason = extension === "" ? "unsupported file type (no extension)" : `unsupported file extension "${extension}"`;
    yield { kind: "skip", uri, reason };
    return;
  }
  const stem = basename(path, extname(path));
  yield* guarded(uri, async function* () {
    yield* reader.read(await fileInput(path, stem, size, reader.format), limit);
  });
}

/** What listFiles finds at a path: a regular file, something that is not one, or a path that cannot be read. */
export type ListedPath =
  | { kind: "file"; path: string; stats: BigIntStats }
  | { kind: "other"; path: string }
  /** `code` is the errno code (ENOENT: gone, e.g. removed between listing its folder and looking at it). */
  | { kind: "error"; path: string; code: string | null; reason: string };

export interface ListFilesOptions {
  /** Paths not entered or listed (with everything under them). */
  exclude?: string[];
}

function errnoOf(err: unknown): string | null {
  return (err as NodeJS.ErrnoException)?.code ?? null;
}

/**
 * Every path under `root` (or `root` itself when it is no directory), depth first, entries in
 * code-unit order; hidden entries skipped, symlink cycles cut. Nothing is thrown: what cannot be
 * read is an `error` entry. What `bangxin run` and `bangxin refresh` both walk folders with.
 */
export async function* listFiles(root: string, opts: ListFilesOptions = {}): AsyncGenerator<ListedPath> {
  yield* listPath(root, new Set(), opts.exclude ?? []);
}

async function* listPath(path: string, visited: Set<string>, exclude: string[]): AsyncGenerator<ListedPath> {
  if (exclude.some((x) => path === x || path.startsWith(x + sep))) return;
  let stats: BigIntStats;
  try {
    stats = await stat(path, { bigint: true });
  } catch (err) {
    const code = errnoOf(err);
    yield { kind: "error", path, code, reason: code === "ENOENT" ? "no such file or directory" : messageOf(err) };
    return;
  }
  if (stats.isFile()) {
    yield { kind: "file", path, stats };
    return;
  }
  if (!stats.isDirectory()) {
    yield { kind: "other", path };
    return;
  }
  let entries: Dirent[];
  try {
    // a folder removed after its stat fails here (or in readdir), not the whole walk
    const real = await realpath(path);
    if (visited.has(real)) return;
    visited.add(real);
    entries = await readdir(path, { withFileTypes: true });
  } catch (err) {
    yield { kind: "error", path, code: errnoOf(err), reason: messageOf(err) };
    return;
  }
  const names = entries
    .map((e) => e.name)
    .filter((name) => !name.startsWith("."))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) yield* listPath(join(path, name), visited, exclude);
}

async function* readPath(path: string, limit: number): AsyncGenerator<SourceItem> {
  for await (const entry of listFiles(path)) {
    if (entry.kind === "file") yield* readFilePath(entry.path, Number(entry.stats.size), limit);
    else if (entry.kind === "other") yield { kind: "skip", uri: "file://" + entry.path, reason: "not a regular file" };
    else yield errorItem("file://" + entry.path, entry.reason);
  }
}

/** What stdin holds, judged from its first characters. */
function sniffStdinFormat(input: ByteInput): "jsonl" | "json" | "html" | "txt" {
  const preview = previewText(input.head, input.complete).trimStart();
  if (preview.startsWith("[")) return "json";
  if (preview.startsWith("<")) return "html";
  if (!preview.startsWith("{")) return "txt";
  const lines = preview.split("\n");
  const firstLine = lines[0].trim();
  // Pretty-printed JSON opens with "{" alone; JSONL has a whole record on its first line.
  if (firstLine === "{") return "json";
  try {
    JSON.parse(firstLine);
    return "jsonl";
  } catch {
    // A first line that is no complete JSON value: JSONL with a broken first record if the
    // next line starts another record, a single multi-line object otherwise.
    if (lines.length === 1 && !input.complete) return "jsonl";
    const nextLine = lines.slice(1).find((line) => line.trim() !== "");
    return nextLine?.trimStart().startsWith("{") ? "jsonl" : "json";
  }
}

async function* readStdin(stream: NodeJS.ReadableStream, limit: number): AsyncGenerator<SourceItem> {
  const input = await streamInput(stream, "stdin:", "stdin");
  if (input.head.length === 0) {
    yield errorItem(input.uri, input.emptyReason);
    return;
  }
  switch (sniffStdinFormat(input)) {
    case "jsonl":
      yield* readJsonl(input, limit);
      return;
    case "json":
      yield* readJson(input, limit);
      return;
    case "html":
      yield* readSingleDocument(input, "html", limit);
      return;
    case "txt":
      yield* readSingleDocument(input, "txt", limit);
      return;
  }
}

/**
 * Every document in `inputs`, in order: files, directories (recursively, sorted, hidden entries
 * skipped) and "-" for stdin (JSONL, JSON, HTML or text, sniffed). Nothing is thrown: what cannot
 * be read is an `error` item, what is deliberately not a document a `skip` item.
 */
export async function* readSources(inputs: string[], opts: ReadSourcesOptions = {}): AsyncGenerator<SourceItem> {
  const limit = opts.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  for (const input of inputs) {
    if (input === "-") {
      yield* guarded("stdin:", () => readStdin(opts.stdin ?? process.stdin, limit));
    } else {
      const path = resolve(input);
      yield* guarded("file://" + path, () => readPath(path, limit));
    }
  }
}
