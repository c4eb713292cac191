/**
 * The input units of a refresh: every file in the watched folders and every listed file, with its
 * metadata, found without reading any file. A unit is what is memoised as a whole: a dump with
 * thousands of records is one unit, skipped entirely when its size and times did not change.
 * Directory walking follows readSources (sorted entries, hidden ones skipped, symlink cycles cut),
 * so a unit read with readSources([path]) yields what a plain run over the folder would.
 */
import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import type { SourceItem } from "../sources/types.js";
import { ConfigError, type RefreshConfig } from "./config.js";
import { metaOf, type FileMeta } from "./files.js";

export interface FileUnit {
  key: string;
  path: string;
  meta: FileMeta;
}

export interface ScanResult {
  /** In path order, each path once. */
  files: FileUnit[];
  /** What the walk itself ran into: unreadable directories (errors), non-regular files (skips). */
  items: SourceItem[];
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function walk(path: string, visited: Set<string>, out: ScanResult, seen: Set<string>, exclude: string[]): Promise<void> {
  if (exclude.some((x) => path === x || path.startsWith(x + sep))) return;
  let s;
  try {
    s = await stat(path, { bigint: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // a file that vanished between readdir and stat is simply not there any more
    if (code === "ENOENT") return;
    out.items.push({ kind: "error", uri: "file://" + path, reason: messageOf(e), stage: "read" });
    return;
  }
  if (s.isDirectory()) {
    const real = await realpath(path);
    if (visited.has(real)) return;
    visited.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch (e) {
      out.items.push({ kind: "error", uri: "file://" + path, reason: messageOf(e), stage: "read" });
      return;
    }
    const names = entries.map((e) => e.name).filter((n) => !n.startsWith(".")).sort(compareNames);
    for (const name of names) await walk(join(path, name), visited, out, seen, exclude);
  } else if (s.isFile()) {
    if (seen.has(path)) return;
    seen.add(path);
    out.files.push({ key: "file:" + path, path, meta: metaOf(s) });
  } else {
    out.items.push({ kind: "skip", uri: "file://" + path, reason: "not a regular file" });
  }
}

/**
 * Find the units of the configured folders and files. A configured folder or file that does not
 * exist stops the run (ConfigError): an unmounted disk must not empty the corpus. The output and
 * site cache directories are never inputs, even inside a watched folder (the corpus would read itself).
 */
export async function scanInputs(config: RefreshConfig): Promise<ScanResult> {
  const out: ScanResult = { files: [], items: [] };
  const seen = new Set<string>();
  for (const [list, want] of [[config.folders, "folder"], [config.files, "file"]] as const) {
    for (const root of list) {
      let s;
      try {
        s = await stat(root);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new ConfigError(`configured ${want} ${root} ${code === "ENOENT" ? "does not exist" : `cannot be read: ${messageOf(e)}`}`);
      }
      if (want === "folder" && !s.isDirectory()) throw new ConfigError(`configured folder ${root} is not a directory`);
      if (want === "file" && !s.isFile()) throw new ConfigError(`configured file ${root} is not a regular file`);
      await walk(root, new Set(), out, seen, [config.outputDir, config.cacheDir]);
    }
  }
  out.files.sort((a, b) => compareNames(a.path, b.path));
  return out;
}
