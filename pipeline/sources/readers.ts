import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { createInterface } from "node:readline";
import { pipeline, type Readable, type Transform } from "node:stream";
import { parse as parseCsv, type CsvError } from "csv-parse";
import iconv from "iconv-lite";
import { streamArray } from "stream-json/streamers/stream-array.js";
import {
  DecodeError,
  decodeBytes,
  decodeValidUtf8,
  iconvName,
  normalizeNewlines,
  sniffEncoding,
  type TextEncodingName,
} from "./decode.js";
import { decodeHtmlBytes, htmlToText } from "./html.js";
import type { ByteInput } from "./inputs.js";
import { fullText, mapRecord } from "./records.js";
import type { SourceDocument, SourceItem } from "./types.js";

export function sha256(data: Uint8Array | string): string {
  return "sha256:" + createHash("sha256").update(data).digest("hex");
}

function errorItem(uri: string, reason: string, stage: "read" | "decode" | "parse"): SourceItem {
  return { kind: "error", uri, reason, stage };
}

function decodeFailure(uri: string, err: unknown): SourceItem {
  if (err instanceof DecodeError) return errorItem(uri, err.message, "decode");
  throw err;
}

/** An error's message for an errors.jsonl reason (a thrown non-Error as its string). */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function tooLarge(uri: string, size: number, limit: number): SourceItem {
  return errorItem(uri, `document too large (${size} bytes > ${limit})`, "read");
}

/** A JSON record (a JSONL line, an array element, a single-object file) to an item via the field maps. */
function recordItem(
  value: unknown,
  input: ByteInput,
  uri: string,
  contentHash: string,
  fallbackId: string | null,
  encoding?: string,
): SourceItem {
  const mapped = mapRecord(value);
  if (!mapped.ok) return errorItem(uri, mapped.reason, "parse");
  const doc: SourceDocument = {
    id: mapped.id ?? fallbackId,
    uri,
    format: input.format,
    text: mapped.text,
    contentHash,
    fetchedAt: null,
    recordFormat: mapped.recordFormat,
  };
  if (mapped.sections) doc.sections = mapped.sections;
  if (encoding) doc.encoding = encoding;
  return { kind: "doc", doc };
}

/** A .txt or .html file (or such stdin): one document, the stem as id. */
export async function* readSingleDocument(input: ByteInput, kind: "txt" | "html", limit: number): AsyncGenerator<SourceItem> {
  if (input.size !== null && input.size > limit) {
    yield tooLarge(input.uri, input.size, limit);
    return;
  }
  if (input.head.length === 0) {
    yield errorItem(input.uri, input.emptyReason, "read");
    return;
  }
  const all = await input.readAll(limit);
  if ("tooLarge" in all) {
    yield tooLarge(input.uri, all.tooLarge, limit);
    return;
  }
  let text: string;
  let encoding: string;
  try {
    if (kind === "html") {
      const decoded = decodeHtmlBytes(all.bytes);
      text = htmlToText(decoded.html);
      encoding = decoded.encoding;
    } else {
      const decoded = decodeBytes(all.bytes);
      text = normalizeNewlines(decoded.text);
      encoding = decoded.encoding;
    }
  } catch (err) {
    yield decodeFailure(input.uri, err);
    return;
  }
  if (text.trim() === "") {
    yield errorItem(input.uri, "document has no text", "parse");
    return;
  }
  yield {
    kind: "doc",
    doc: { id: input.stem, uri: input.uri, format: input.format, text, contentHash: sha256(all.bytes), fetchedAt: null, encoding },
  };
}

/** The head decoded well enough to look at its first characters; never throws. */
export function previewText(head: Buffer, complete: boolean): string {
  let encoding: TextEncodingName;
  try {
    encoding = sniffEncoding(head, complete);
  } catch {
    encoding = "utf8";
  }
  return normalizeNewlines(iconv.getDecoder(iconvName(encoding)).write(head));
}

/** The input's encoding, or the item that ends its reading: an empty, binary or undecodable file. */
function openWithEncoding(input: ByteInput): { encoding: TextEncodingName } | { error: SourceItem } {
  if (input.head.length === 0) return { error: errorItem(input.uri, input.emptyReason, "read") };
  try {
    return { encoding: sniffEncoding(input.head, input.complete) };
  } catch (err) {
    return { error: decodeFailure(input.uri, err) };
  }
}

/** A .json file: a top-level array is streamed element by element; a single object is one document. */
export async function* readJson(input: ByteInput, limit: number): AsyncGenerator<SourceItem> {
  const opened = openWithEncoding(input);
  if ("error" in opened) {
    yield opened.error;
    return;
  }
  const encoding = opened.encoding;
  if (previewText(input.head, input.complete).trimStart().startsWith("[")) {
    yield* readJsonArray(input, encoding);
    return;
  }
  if (input.size !== null && input.size > limit) {
    yield tooLarge(input.uri, input.size, limit);
    return;
  }
  const all = await input.readAll(limit);
  if ("tooLarge" in all) {
    yield tooLarge(input.uri, all.tooLarge, limit);
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(decodeBytes(all.bytes).text);
  } catch (err) {
    yield err instanceof DecodeError ? decodeFailure(input.uri, err) : errorItem(input.uri, `invalid JSON: ${messageOf(err)}`, "parse");
    return;
  }
  yield recordItem(value, input, input.uri, sha256(all.bytes), input.stem);
}

/** Elements of a top-level JSON array, parsed as a stream (stream-json) so the file may be any size. */
async function* readJsonArray(input: ByteInput, encoding: TextEncodingName): AsyncGenerator<SourceItem> {
  const onPipelineEnd = () => {
    // Errors surface through the iteration below; this callback only keeps pipeline from throwing.
  };
  const elements: Readable =
    encoding === "utf8" || encoding === "utf8-bom"
      ? pipeline(input.stream(), streamArray.withParserAsStream(), onPipelineEnd)
      : pipeline(input.stream(), iconv.decodeStream(iconvName(encoding)), streamArray.withParserAsStream(), onPipelineEnd);
  let nextIndex = 0;
  try {
    for await (const element of elements as AsyncIterable<{ key: number; value: unknown }>) {
      nextIndex = element.key + 1;
      const uri = `${input.uri}#${element.key}`;
      yield recordItem(element.value, input, uri, sha256(JSON.stringify(element.value)), null);
    }
  } catch (err) {
    yield errorItem(`${input.uri}#${nextIndex}`, `invalid JSON in array element ${nextIndex}: ${messageOf(err)}`, "parse");
    return;
  }
  if (nextIndex === 0) yield { kind: "skip", uri: input.uri, reason: "JSON array has no records" };
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into lines, chunk by chunk: at LF, CRLF or a lone CR (what readline
 * does), the empty piece after a final line break dropped. In UTF-8 and GB18030 no byte of a
 * multi-byte character is 0x0A or 0x0D, so splitting bytes splits characters correctly. A line
 * inside one chunk is a view into it. Synchronous per chunk: a line costs no await of its own.
 */
class LineSplitter {
  private carry: Buffer | null = null; // the unterminated end of the previous chunk
  private skipLf = false; // the previous chunk ended with CR: a LF right after it belongs to that break

  /** The lines completed by `chunk`. */
  push(chunk: Buffer): Buffer[] {
    const lines: Buffer[] = [];
    let pos = 0;
    if (this.skipLf && chunk.length > 0) {
      if (chunk[0] === LF) pos = 1;
      this.skipLf = false;
    }
    let nextLf = chunk.indexOf(LF, pos);
    let nextCr = chunk.indexOf(CR, pos);
    while (nextLf !== -1 || nextCr !== -1) {
      const end = nextCr === -1 || (nextLf !== -1 && nextLf < nextCr) ? nextLf : nextCr;
      const piece = chunk.subarray(pos, end);
      lines.push(this.carry === null ? piece : Buffer.concat([this.carry, piece]));
      this.carry = null;
      pos = end + 1;
      if (end === nextCr) {
        if (pos < chunk.length) {
          if (chunk[pos] === LF) pos++;
        } else {
          this.skipLf = true;
        }
      }
      if (nextLf !== -1 && nextLf < pos) nextLf = chunk.indexOf(LF, pos);
      if (nextCr !== -1 && nextCr < pos) nextCr = chunk.indexOf(CR, pos);
    }
    if (pos < chunk.length) this.carry = this.carry === null ? Buffer.from(chunk.subarray(pos)) : Buffer.concat([this.carry, chunk.subarray(pos)]);
    return lines;
  }

  /** The last line, when the stream does not end with a line break. */
  end(): Buffer[] {
    const last = this.carry;
    this.carry = null;
    return last !== null && last.length > 0 ? [last] : [];
  }
}

/** Only space, tab and CR: a blank line. */
function isBlank(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== CR) return false;
  }
  return true;
}

/**
 * A .jsonl file, one record per line. Lines are split as bytes, so every line's own bytes are at
 * hand: each is decoded and hashed on its own, and a line of invalid UTF-8 (or GB18030) is an error
 * for that line only. UTF-16 files are decoded first and split as text.
 */
export async function* readJsonl(input: ByteInput, limit: number): AsyncGenerator<SourceItem> {
  if (input.head.length === 0) {
    yield errorItem(input.uri, input.emptyReason, "read");
    return;
  }
  let encoding: TextEncodingName;
  try {
    encoding = sniffEncoding(input.head, input.complete);
  } catch (err) {
    if (err instanceof DecodeError && err.code === "binary") {
      yield decodeFailure(input.uri, err);
      return;
    }
    // Neither UTF-8 nor GB18030 at the start: read as UTF-8 so each bad line is reported on its own.
    encoding = "utf8";
  }
  if (encoding === "utf16le" || encoding === "utf16be") {
    yield* readUtf16Jsonl(input, limit, encoding);
    return;
  }
  const stream = input.stream();
  const splitter = new LineSplitter();
  let lineNumber = 0;
  const item = (bytes: Buffer): SourceItem => {
    lineNumber++;
    const uri = `${input.uri}#L${lineNumber}`;
    if (lineNumber === 1) {
      // the byte-order mark (its first occurrence on the first line, as readline-based reading removed it)
      const bom = bytes.indexOf(UTF8_BOM);
      if (bom !== -1) bytes = Buffer.concat([bytes.subarray(0, bom), bytes.subarray(bom + UTF8_BOM.length)]);
    }
    if (isBlank(bytes)) return { kind: "skip", uri, reason: "empty line" };
    if (bytes.length > limit) return errorItem(uri, `record too large (${bytes.length} bytes > ${limit})`, "read");
    let json: string;
    if (encoding === "gb18030") {
      json = iconv.decode(bytes, "gb18030");
      if (json.includes("\ufffd")) return errorItem(uri, `invalid GB18030 on line ${lineNumber}`, "decode");
    } else {
      if (!isUtf8(bytes)) return errorItem(uri, `invalid UTF-8 on line ${lineNumber}`, "decode");
      json = decodeValidUtf8(bytes);
    }
    return jsonlRecordItem(json, bytes, input, uri, lineNumber, encoding === "gb18030" ? encoding : undefined);
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (const bytes of splitter.push(chunk)) yield item(bytes);
    }
    for (const bytes of splitter.end()) yield item(bytes);
  } finally {
    stream.destroy();
  }
}

function jsonlRecordItem(json: string, bytes: Uint8Array, input: ByteInput, uri: string, lineNumber: number, encoding: string | undefined): SourceItem {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    return errorItem(uri, `invalid JSON on line ${lineNumber}: ${messageOf(err)}`, "parse");
  }
  return recordItem(value, input, uri, sha256(bytes), null, encoding);
}

/** A UTF-16 .jsonl file: decoded as a stream and split into lines by readline; a line is hashed as UTF-8. */
async function* readUtf16Jsonl(input: ByteInput, limit: number, encoding: "utf16le" | "utf16be"): AsyncGenerator<SourceItem> {
  // iconv-lite's decode stream is a Transform; its typings only say ReadWriteStream.
  const decoder = iconv.decodeStream(encoding) as Transform;
  const text = pipeline(input.stream(), decoder, () => {});
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const rawLine of lines) {
      lineNumber++;
      const uri = `${input.uri}#L${lineNumber}`;
      const line = lineNumber === 1 ? rawLine.replace("\ufeff", "") : rawLine;
      if (/^[ \t\r]*$/.test(line)) {
        yield { kind: "skip", uri, reason: "empty line" };
        continue;
      }
      const bytes = Buffer.from(line, "utf8");
      if (bytes.length > limit) {
        yield errorItem(uri, `record too large (${bytes.length} bytes > ${limit})`, "read");
        continue;
      }
      yield jsonlRecordItem(line, bytes, input, uri, lineNumber, undefined);
    }
  } finally {
    lines.close();
    text.destroy();
  }
}

/** Columns of the widely shared bulk CSV dump; only 全文 is required. */
const CSV_TEXT_COLUMN = "全文";
const CSV_LINK_COLUMN = "原始链接";

/** The CJO docId in a 原始链接 like https://wenshu.court.gov.cn/…?docId=abc; null if it has none. */
function docIdFromLink(link: string | undefined): string | null {
  if (!link) return null;
  try {
    const docId = new URL(link.trim()).searchParams.get("docId");
    if (docId) return docId;
  } catch {
    // Not an absolute URL: fall back to finding the parameter in the string.
  }
  return /[?&]docId=([^&#\s]+)/.exec(link)?.[1] ?? null;
}

type CsvRow = { record: Record<string, string>; raw: string };
type Sequenced<T> = { seq: number; value: T };

/**
 * A .csv bulk dump, streamed: bytes decoded as a stream (UTF-8 or GB18030, decided on the first
 * chunk), parsed by csv-parse record by record. A malformed row is an error item for that row and
 * parsing goes on; so does a row with an empty 全文.
 */
export async function* readCsv(input: ByteInput): AsyncGenerator<SourceItem> {
  const opened = openWithEncoding(input);
  if ("error" in opened) {
    yield opened.error;
    return;
  }
  const encoding = opened.encoding;
  // csv-parse reports skipped (malformed) records through a callback while it parses ahead of the
  // consumer; numbering records and skips from one counter puts them back in file order.
  let sequence = 0;
  const skipped: Sequenced<{ err: CsvError | undefined }>[] = [];
  let lastSkippedLine = -1;
  let header: string[] = [];
  const parser = parseCsv({
    columns: (names: string[]) => (header = names.map((name) => name.trim())),
    bom: true,
    raw: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (record: unknown) => ({ seq: sequence++, value: record }),
    on_skip: (err: CsvError | undefined) => {
      // One malformed row can raise several errors at the same line; it is one row.
      const line = typeof err?.lines === "number" ? err.lines : -1;
      if (line !== -1 && line === lastSkippedLine) return undefined;
      lastSkippedLine = line;
      skipped.push({ seq: sequence++, value: { err } });
      return undefined;
    },
  });
  const records = pipeline(input.stream(), iconv.decodeStream(iconvName(encoding)), parser, () => {});
  const malformed = (seq: number, err: CsvError | undefined): SourceItem =>
    errorItem(
      `${input.uri}#row${seq + 1}`,
      `malformed CSV row ${seq + 1}${typeof err?.lines === "number" ? ` (line ${err.lines})` : ""}: ${err?.message ?? "unparseable record"}`,
      "parse",
    );
  let rows = 0;
  try {
    for await (const { seq, value } of records as AsyncIterable<Sequenced<CsvRow>>) {
      if (!header.includes(CSV_TEXT_COLUMN)) {
        yield errorItem(input.uri, `CSV has no ${CSV_TEXT_COLUMN} column (columns: ${header.join(", ")})`, "parse");
        return;
      }
      while (skipped.length > 0 && skipped[0].seq < seq) {
        const { seq: skippedSeq, value: skip } = skipped.shift()!;
        rows++;
        yield malformed(skippedSeq, skip.err);
      }
      rows++;
      const uri = `${input.uri}#row${seq + 1}`;
      const { record, raw } = value;
      const fullTextCell = record[CSV_TEXT_COLUMN] ?? "";
      if (fullTextCell.trim() === "") {
        yield errorItem(uri, `CSV row has empty ${CSV_TEXT_COLUMN}`, "parse");
        continue;
      }
      const text = fullText(fullTextCell);
      const id = docIdFromLink(record[CSV_LINK_COLUMN]) ?? `csv-${sha256(fullTextCell).slice("sha256:".length, "sha256:".length + 16)}`;
      const doc: SourceDocument = {
        id,
        uri,
        format: input.format,
        text,
        contentHash: sha256(raw),
        fetchedAt: null,
        encoding,
      };
      yield { kind: "doc", doc };
    }
  } catch (err) {
    yield errorItem(input.uri, `CSV could not be read past row ${rows}: ${messageOf(err)}`, "parse");
    return;
  }
  if (header.length > 0 && !header.includes(CSV_TEXT_COLUMN)) {
    yield errorItem(input.uri, `CSV has no ${CSV_TEXT_COLUMN} column (columns: ${header.join(", ")})`, "parse");
    return;
  }
  for (const { seq, value } of skipped) {
    rows++;
    yield malformed(seq, value.err);
  }
  if (rows === 0) {
    const reason = header.length > 0 ? "CSV has a header but no rows" : "CSV has no rows";
    yield { kind: "skip", uri: input.uri, reason };
  }
}
