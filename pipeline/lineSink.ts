/**
 * Writing JSON Lines fast and atomically: lines are encoded into ~1 MB buffers (LineSink), and a
 * whole file is written under a temporary name, flushed to disk and renamed into place.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { once } from "node:events";
import { tempPathFor } from "./atomicFiles.js";

/** Size of the buffers lines are encoded into; a full one is written out as one chunk. */
export const CHUNK_BYTES = 1 << 20;

/**
 * Lines for one output file, encoded as UTF-8 straight into ~1 MB buffers and written a buffer
 * at a time: one write call (and at most one wait for "drain") per megabyte instead of per line,
 * and no joined string to build and encode again, which is most of what writing used to cost.
 * Nothing reaches the file before a buffer is full or the run ends; it is a temp file until then anyway.
 */
export class LineSink {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  /** Bytes queued so far, line breaks included: the offset the next line starts at. */
  bytes = 0;
  /** Full buffers not written yet. */
  private ready: Buffer[] = [];
  private failed: Error | null = null;
  constructor(private readonly stream: WriteStream) {
    // a write error between flushes is kept and thrown by the next flush (the run then fails cleanly)
    stream.on("error", (e: Error) => (this.failed ??= e));
  }
  /** Queue a line; true when a buffer is full and `flush` should be awaited. */
  add(line: string): boolean {
    // a UTF-16 code unit never takes more than 3 bytes of UTF-8
    const worst = line.length * 3 + 1;
    if (this.used + worst > this.chunk.length) {
      if (this.used > 0) this.ready.push(this.chunk.subarray(0, this.used));
      this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, worst));
      this.used = 0;
    }
    const written = this.chunk.write(line, this.used, "utf8");
    this.used += written;
    this.chunk[this.used++] = 0x0a;
    this.bytes += written + 1;
    return this.ready.length > 0;
  }
  async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    const ready = this.ready;
    this.ready = [];
    for (const buffer of ready) {
      if (!this.stream.write(buffer)) await once(this.stream, "drain");
    }
  }
  async close(): Promise<void> {
    if (this.used > 0) this.ready.push(this.chunk.subarray(0, this.used));
    this.used = 0;
    await this.flush();
    await closeStream(this.stream);
  }
}

async function closeStream(stream: WriteStream): Promise<void> {
  stream.end();
  // "close" rather than "finish": with `flush: true` the data is on disk only once the descriptor is closed
  await once(stream, "close");
}

/**
 * Write the file at `path` from the lines `write` adds to the sink (awaiting `flush` when `add`
 * asks for it): under a temporary name, flushed to disk when closed, then renamed into place. On
 * an error the temporary is removed and `path` is left as it was.
 */
export async function writeLinesAtomically(path: string, write: (sink: LineSink) => Promise<void>): Promise<void> {
  const temp = tempPathFor(path);
  const stream = createWriteStream(temp, { flush: true, highWaterMark: 8 * CHUNK_BYTES });
  const sink = new LineSink(stream);
  try {
    await write(sink);
    await sink.close();
  } catch (e) {
    stream.destroy();
    await rm(temp, { force: true });
    throw e;
  }
  await rename(temp, path);
}
