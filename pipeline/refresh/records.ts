/**
 * The record store: extracted records, one JSON line each, in segment files under state/records/.
 * A run that extracts anything writes one new segment (under a temporary name, renamed when
 * complete); a segment is never changed after that. The state refers to records by
 * (segment, byte offset, length), so the corpus can be rebuilt without extracting again, and a
 * segment nobody refers to any more is deleted.
 */
import { randomBytes } from "node:crypto";
import { closeSync, createWriteStream, openSync, readSync, type WriteStream } from "node:fs";
import { readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { LineSink } from "../lineSink.js";
import { tempPathFor } from "../atomicFiles.js";

export interface RecordRef {
  /** Segment file name (in the records directory). */
  seg: string;
  off: number;
  len: number;
}

const SEGMENT_SUFFIX = ".jsonl";

/** Appends records to a new segment; nothing is visible under the segment's name before `close`. */
export class SegmentWriter {
  private readonly temp: string;
  private readonly stream: WriteStream;
  private readonly sink: LineSink;
  private count = 0;
  constructor(
    private readonly dir: string,
    readonly name: string,
  ) {
    this.temp = tempPathFor(join(dir, name));
    this.stream = createWriteStream(this.temp, { flush: true, highWaterMark: 8 << 20 });
    this.sink = new LineSink(this.stream);
  }
  async append(json: string): Promise<RecordRef> {
    const off = this.sink.bytes;
    const full = this.sink.add(json);
    this.count++;
    const ref = { seg: this.name, off, len: this.sink.bytes - off - 1 };
    if (full) await this.sink.flush();
    return ref;
  }
  /** Flush, sync and rename into place; an empty segment is removed instead. Returns whether it was kept. */
  async close(): Promise<boolean> {
    await this.sink.close();
    if (this.count === 0) {
      await rm(this.temp, { force: true });
      return false;
    }
    await rename(this.temp, join(this.dir, this.name));
    return true;
  }
  /** Discard the segment. Waits for the stream to close first: an open still under way would create the file after the rm. */
  async abort(): Promise<void> {
    if (!this.stream.closed) {
      const closed = new Promise<void>((resolve) => this.stream.once("close", () => resolve()));
      this.stream.destroy();
      await closed;
    }
    await rm(this.temp, { force: true });
  }
}

/**
 * Reads records by reference, one open descriptor per segment. Reads are synchronous: a rebuild
 * reads every record once, in corpus order rather than file order, and a round trip through the
 * thread pool per record cost more than the read from the page cache itself.
 */
export class SegmentReader {
  private readonly fds = new Map<string, number>();
  constructor(private readonly dir: string) {}
  read(ref: RecordRef): string {
    let fd = this.fds.get(ref.seg);
    if (fd === undefined) {
      fd = openSync(join(this.dir, ref.seg), "r");
      this.fds.set(ref.seg, fd);
    }
    const buffer = Buffer.allocUnsafe(ref.len);
    const bytesRead = readSync(fd, buffer, 0, ref.len, ref.off);
    if (bytesRead !== ref.len) throw new Error(`record store damaged: ${ref.seg} ends before byte ${ref.off + ref.len}`);
    return buffer.toString("utf8");
  }
  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}

/** Segment names in the directory with their sizes. */
export async function listSegments(dir: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const name of await readdir(dir)) {
    if (!name.endsWith(SEGMENT_SUFFIX)) continue;
    sizes.set(name, (await stat(join(dir, name))).size);
  }
  return sizes;
}

/**
 * A new segment's name: the run id and a random suffix, so a run whose clock went back to the
 * millisecond of an earlier run cannot write over a segment the state still refers to.
 */
export function segmentName(runId: string): string {
  return `${runId}-${randomBytes(4).toString("hex")}${SEGMENT_SUFFIX}`;
}

/** Delete every segment not in `keep`. */
export async function removeSegmentsExcept(dir: string, keep: Set<string>): Promise<void> {
  for (const name of (await listSegments(dir)).keys()) {
    if (!keep.has(name)) await rm(join(dir, name), { force: true });
  }
}
