import iconv from "iconv-lite";
import { codesToString } from "../stages/normalize.js";

/** Encodings the input layer recognises; "utf8-bom" is UTF-8 that carried a byte-order mark. */
export type TextEncodingName = "utf8" | "utf8-bom" | "utf16le" | "utf16be" | "gb18030";

export const BINARY_REASON = "binary file, not a text document";
export const UNKNOWN_ENCODING_REASON = "invalid or unknown text encoding";

/** A byte buffer that is not a text document in any encoding we accept. */
export class DecodeError extends Error {
  constructor(
    message: string,
    readonly code: "binary" | "unknown-encoding",
  ) {
    super(message);
    this.name = "DecodeError";
  }
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];

function startsWithBytes(buf: Uint8Array, prefix: number[]): boolean {
  return buf.length >= prefix.length && prefix.every((b, i) => buf[i] === b);
}

/** The encoding announced by a byte-order mark, and the mark's length; null without one. */
export function bomEncoding(buf: Uint8Array): { encoding: TextEncodingName; bomLength: number } | null {
  if (startsWithBytes(buf, UTF8_BOM)) return { encoding: "utf8-bom", bomLength: 3 };
  if (startsWithBytes(buf, UTF16LE_BOM)) return { encoding: "utf16le", bomLength: 2 };
  if (startsWithBytes(buf, UTF16BE_BOM)) return { encoding: "utf16be", bomLength: 2 };
  return null;
}

/**
 * True for bytes that are no text document: any NUL byte (text in UTF-8/GB18030 never has one;
 * UTF-16 is only accepted with a BOM, checked before this), or more than 1% C0 control bytes other
 * than the whitespace ones, ESC and the DOS end-of-file mark.
 */
export function looksBinary(buf: Uint8Array): boolean {
  if (buf.indexOf(0) !== -1) return true;
  const sample = buf.subarray(0, 64 * 1024);
  let controls = 0;
  for (const b of sample) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b && b !== 0x1a) controls++;
  }
  return controls > sample.length * 0.01;
}

/**
 * Whether `buf` is valid UTF-8. With `mayBeTruncated` (the first chunk of a stream) a multi-byte
 * sequence cut off at the very end is allowed, since the rest of it is in the next chunk.
 */
export function isValidUtf8(buf: Uint8Array, mayBeTruncated = false): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(buf, { stream: mayBeTruncated });
    return true;
  } catch {
    return false;
  }
}

// Han ideographs plus the punctuation, full-width forms and symbols that Chinese legal text uses
// (“”、。（）×①…). Anything else outside ASCII in a "GB18030" decoding means it was not GB18030.
const CJK_TEXT_CHAR =
  /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2010-\u2027\u2030-\u205e\u00b7\u00d7\u00f7\u2460-\u24ff\u2150-\u218f\u2190-\u21ff\u2500-\u257f\u25a0-\u25ff\u2600-\u26ff\u3200-\u32ff\u3300-\u33ff\u2e80-\u2fdf\u31c0-\u31ef\ufe30-\ufe4f]/u;
const HAN_CHAR = /\p{Script=Han}/u;

/** Whether decoded text is mostly Chinese: at least one Han character and ≥ 80% of the non-ASCII characters CJK. */
export function isMostlyCjk(text: string): boolean {
  let nonAscii = 0;
  let cjk = 0;
  let han = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) continue;
    nonAscii++;
    if (CJK_TEXT_CHAR.test(ch)) cjk++;
    if (HAN_CHAR.test(ch)) han++;
  }
  return han > 0 && cjk >= nonAscii * 0.8;
}

/** Decode as GB18030 if that yields no replacement characters and mostly Chinese; null otherwise. */
function tryGb18030(buf: Uint8Array, mayBeTruncated: boolean): string | null {
  // The stream decoder keeps a trailing incomplete sequence back instead of emitting U+FFFD for it.
  const decoder = iconv.getDecoder("gb18030");
  const text = mayBeTruncated ? decoder.write(Buffer.from(buf)) : iconv.decode(Buffer.from(buf), "gb18030");
  if (text.includes("\ufffd") || !isMostlyCjk(text)) return null;
  return text;
}

/**
 * Decide the encoding of a stream from its first chunk (`complete` when the chunk is the whole
 * input): a BOM wins; otherwise valid UTF-8 is UTF-8, and bytes that decode cleanly as mostly-Chinese
 * GB18030 are GB18030. Throws DecodeError for binary data and for anything else.
 */
export function sniffEncoding(head: Uint8Array, complete: boolean): TextEncodingName {
  const bom = bomEncoding(head);
  if (bom && bom.encoding !== "utf8-bom") return bom.encoding;
  if (looksBinary(head)) throw new DecodeError(BINARY_REASON, "binary");
  if (bom) return bom.encoding;
  if (isValidUtf8(head, !complete)) return "utf8";
  if (tryGb18030(head, !complete) !== null) return "gb18030";
  throw new DecodeError(UNKNOWN_ENCODING_REASON, "unknown-encoding");
}

/** The iconv-lite name of an encoding. */
export function iconvName(encoding: TextEncodingName): string {
  return encoding === "utf8-bom" ? "utf8" : encoding;
}

/**
 * Decode a whole text document: UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, or GB18030.
 * The BOM is removed; nothing else is changed. Throws DecodeError with a reason fit for errors.jsonl.
 */
export function decodeBytes(buf: Uint8Array): { text: string; encoding: TextEncodingName } {
  const bom = bomEncoding(buf);
  if (bom && bom.encoding !== "utf8-bom") {
    const text = iconv.decode(Buffer.from(buf.subarray(bom.bomLength)), bom.encoding);
    return { text, encoding: bom.encoding };
  }
  if (looksBinary(buf)) throw new DecodeError(BINARY_REASON, "binary");
  const body = bom ? buf.subarray(bom.bomLength) : buf;
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
    return { text, encoding: bom ? "utf8-bom" : "utf8" };
  } catch {
    // Not UTF-8: a BOM promised UTF-8, so nothing else is plausible.
    if (bom) throw new DecodeError(UNKNOWN_ENCODING_REASON, "unknown-encoding");
  }
  const text = tryGb18030(body, false);
  if (text === null) throw new DecodeError(UNKNOWN_ENCODING_REASON, "unknown-encoding");
  return { text, encoding: "gb18030" };
}

/** Scratch buffer for decodeValidUtf8's code units (grown as needed; the string is copied out of it). */
let utf16 = new Uint16Array(1 << 14);

/**
 * UTF-8 bytes that are known to be valid (buffer.isUtf8) as a string, BOM kept, as
 * `bytes.toString("utf8")` gives it. Decoding into UTF-16 code units here and copying them out
 * at once is about three times faster than Node's own UTF-8 decoding of Chinese text.
 */
export function decodeValidUtf8(bytes: Uint8Array): string {
  if (utf16.length < bytes.length) utf16 = new Uint16Array(bytes.length * 2);
  const out = utf16;
  let n = 0;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    if (b < 0x80) {
      out[n++] = b;
      i += 1;
    } else if (b < 0xe0) {
      out[n++] = ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
      i += 2;
    } else if (b < 0xf0) {
      out[n++] = ((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
      i += 3;
    } else {
      // outside the BMP: a surrogate pair
      const cp = (((b & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f)) - 0x10000;
      out[n++] = 0xd800 + (cp >> 10);
      out[n++] = 0xdc00 + (cp & 0x3ff);
      i += 4;
    }
  }
  return codesToString(out, n);
}

/** Line endings to "\n" (CRLF and old Mac CR) and a leading BOM character removed. */
export function normalizeNewlines(text: string): string {
  return text.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
}
