/**
 * What the refresh knows about an input file without reading it. The atomic writes its crash
 * safety rests on live in ../atomicFiles.ts (the crawler's cache uses them too).
 */
import type { BigIntStats } from "node:fs";
import { stat } from "node:fs/promises";

/** What the file system says about a file without reading it: enough to tell it was changed. */
export interface FileMeta {
  size: string;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
}

/** Nanosecond times as strings, so nothing is rounded. */
export function metaOf(s: BigIntStats): FileMeta {
  return { size: String(s.size), mtimeNs: String(s.mtimeNs), ctimeNs: String(s.ctimeNs), ino: String(s.ino) };
}

/** The file's metadata, or null if it is gone. */
export async function fileMeta(path: string): Promise<FileMeta | null> {
  try {
    return metaOf(await stat(path, { bigint: true }));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

export function sameMeta(a: FileMeta | null | undefined, b: FileMeta | null | undefined): boolean {
  return !!a && !!b && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino;
}
