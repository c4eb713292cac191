import { createReadStream } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { Readable } from "node:stream";

/** How much of an input is looked at to decide its encoding and format. */
export const HEAD_BYTES = 64 * 1024;

/**
 * A file or stdin, seen as bytes: its first chunk for sniffing, plus one way to consume it all
 * (`stream` or `readAll`, once) without holding more than a single document in memory.
 */
export interface ByteInput {
  /** file:///abs/path, or "stdin:". Record uris append #L<n>, #row<n> or #<i>. */
  uri: string;
  /** The id a single-document input gets: the file stem; null for stdin. */
  stem: string | null;
  /** SourceDocument.format for documents from this input. */
  format: string;
  /** Byte size when known before reading (files). */
  size: number | null;
  /** The first HEAD_BYTES bytes (all of it when shorter). */
  head: Buffer;
  /** `head` is the whole input. */
  complete: boolean;
  /** The reason reported when the input has no bytes at all. */
  emptyReason: string;
  /** The whole input as a byte stream from the start. */
  stream(): Readable;
  /** The whole input in memory, unless it has more than `limit` bytes (then only counted). */
  readAll(limit: number): Promise<{ bytes: Buffer } | { tooLarge: number }>;
}

export async function fileInput(path: string, stem: string, size: number, format: string): Promise<ByteInput> {
  const handle = await open(path, "r");
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(Math.min(HEAD_BYTES, size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  return {
    uri: "file://" + path,
    stem,
    format,
    size,
    head,
    complete: size <= HEAD_BYTES,
    emptyReason: "empty file",
    stream: () => createReadStream(path),
    // The size is checked before reading so an oversized document is never loaded.
    readAll: async (limit) => (size > limit ? { tooLarge: size } : { bytes: await readFile(path) }),
  };
}

/** A stream that can be read only once (stdin): its first chunk is buffered so it can be sniffed. */
export async function streamInput(source: NodeJS.ReadableStream, uri: string, format: string): Promise<ByteInput> {
  const iterator = (source as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const headChunks: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  while (headLength < HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    headChunks.push(chunk);
    headLength += chunk.length;
  }
  const buffered = Buffer.concat(headChunks);
  async function* allChunks(): AsyncGenerator<Buffer> {
    if (buffered.length > 0) yield buffered;
    if (ended) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    }
  }
  return {
    uri,
    stem: null,
    format,
    size: ended ? buffered.length : null,
    head: buffered.subarray(0, HEAD_BYTES),
    complete: ended,
    emptyReason: "empty input",
    stream: () => Readable.from(allChunks(), { objectMode: false }),
    readAll: async (limit) => {
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of allChunks()) {
        total += chunk.length;
        // Past the limit the rest is only counted, so the reported size is exact.
        if (total <= limit) chunks.push(chunk);
      }
      return total > limit ? { tooLarge: total } : { bytes: Buffer.concat(chunks) };
    },
  };
}
