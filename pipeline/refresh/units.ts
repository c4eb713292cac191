/**
 * The input units of a refresh: every file in the watched folders and every listed file, with its
 * metadata, found without reading any file. A unit is what is memoised as a whole: a dump with
 * thousands of records is one unit, skipped entirely when its size and times did not change.
 * Folders are walked with listFiles, as readSources walks them (sorted entries, hidden ones skipped,
 * symlink cycles cut), so a unit read with readSources([path]) yields what a plain run over the
 * folder would.
 */
import { stat } from "node:fs/promises";
import { listFiles } from "../sources/index.js";
import type { SourceItem } from "../sources/types.js";
import { ConfigError, type RefreshConfig } from "./config.js";
import { compareStrings } from "./dedup.js";
import { metaOf, type FileMeta } from "./files.js";
import { messageOf } from "../sources/readers.js";

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
      for await (const entry of listFiles(root, { exclude: [config.outputDir, config.cacheDir] })) {
        if (entry.kind === "file") {
          if (seen.has(entry.path)) continue;
          seen.add(entry.path);
          out.files.push({ key: "file:" + entry.path, path: entry.path, meta: metaOf(entry.stats) });
        } else if (entry.kind === "other") {
          out.items.push({ kind: "skip", uri: "file://" + entry.path, reason: "not a regular file" });
        } else if (entry.code !== "ENOENT") {
          // a path that vanished after its folder was listed is simply not there any more
          out.items.push({ kind: "error", uri: "file://" + entry.path, reason: entry.reason, stage: "read" });
        }
      }
    }
  }
  out.files.sort((a, b) => compareStrings(a.path, b.path));
  return out;
}
