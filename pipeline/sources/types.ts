import type { SectionKind } from "../../corpus/schema.js";

/** One judgment as a source delivers it, before any extraction. */
export interface SourceDocument {
  /** The source's own id (JSONL `id`, CJO docId/wsKey, JuDGE text_id, CSV 原始链接/案号, file stem); null if none. */
  id: string | null;
  /** Where it came from: file:///abs/path, with #L<line> for JSONL, #row<n> for CSV, #<index> for JSON arrays. */
  uri: string;
  /** txt | html | json | jsonl | csv | stdin */
  format: string;
  /**
   * The plain text of the document as loaded: decoded, HTML reduced to text (one line per block
   * element), a structured record's fields composed into paragraphs. All evidence offsets point here.
   */
  text: string;
  /** Sections known from the source's own structure (structured records); offsets into `text`. */
  sections?: { kind: SectionKind; start: number; end: number }[];
  /** "sha256:<hex>" of this document's bytes (for a record inside a file: of the record's own bytes/JSON). */
  contentHash: string;
  /** ISO time the document was fetched, for scraped documents; null for files. */
  fetchedAt: string | null;
  /** The text encoding the bytes were decoded from (utf8, utf8-bom, utf16le, utf16be, gb18030, or a charset an HTML page declared). */
  encoding?: string;
  /** For a JSON/JSONL record: the field map that read it (simucourt, cjo, cjo-old, judge, lecard, generic). */
  recordFormat?: string;
}

export type SourceItem =
  | { kind: "doc"; doc: SourceDocument }
  /** Could not be read/decoded/parsed: goes to errors.jsonl. */
  | { kind: "error"; uri: string; reason: string; stage: "read" | "decode" | "parse" }
  /** Deliberately not a document (e.g. an empty line in JSONL, a CSV header-only file): counted as skipped. */
  | { kind: "skip"; uri: string; reason: string };
