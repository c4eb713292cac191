import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { z } from "zod";
import { processAlive, tempWriterPid, writeFileAtomic } from "../atomicFiles.js";
import { sha256 } from "../sources/readers.js";

/** What the cache knows about one URL: the body it last answered with and how to revalidate it. */
export const CacheEntrySchema = z.object({
  /** The URL requested. */
  url: z.string(),
  /** The URL that answered with the body, after redirects (the document's uri). */
  finalUrl: z.string(),
  /** "sha256:<hex>" of the body: its name in the cache and the document's contentHash. */
  hash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  /** ISO time the body was fetched. */
  fetchedAt: z.string(),
  /** ISO time of the last 304 that confirmed the body, if any. */
  validatedAt: z.string().nullable().default(null),
  status: z.int(),
  contentType: z.string().nullable(),
  /**
   * Names of the profiles that read this URL as a document page (the link they followed, not a
   * redirect's target). Entries written before this was recorded lack it: unknown, read as none.
   */
  documentOf: z.array(z.string()).default([]),
});

export type CacheEntry = z.output<typeof CacheEntrySchema>;

function hexOf(hash: string): string {
  return hash.slice("sha256:".length);
}

/** Write via a temp file, fsync and rename (creating the shard directory), so a reader never sees a partial file. */
async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, data);
}

/**
 * Raw responses on disk: bodies/<aa>/<sha256 hex> holds each body once, under its own hash;
 * urls/<aa>/<sha256 of the URL>.json is the per-URL index entry pointing at it. A body is
 * written before any entry names it, so an entry never points at a missing body.
 */
export class ResponseCache {
  constructor(readonly root: string) {}

  private bodyPath(hash: string): string {
    const hex = hexOf(hash);
    return join(this.root, "bodies", hex.slice(0, 2), hex);
  }

  private entryPath(url: string): string {
    const hex = createHash("sha256").update(url).digest("hex");
    return join(this.root, "urls", hex.slice(0, 2), `${hex}.json`);
  }

  /** The entry for `url`; null when there is none or it is unreadable (then the URL is simply fetched again). */
  async get(url: string): Promise<CacheEntry | null> {
    const entry = await this.readEntry(this.entryPath(url));
    return entry !== null && entry.url === url ? entry : null;
  }

  /** The entry stored at `path`; null when the file is missing or is not a valid entry. */
  private async readEntry(path: string): Promise<CacheEntry | null> {
    let raw: string;
    try {
      raw = await readFile(path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
    try {
      const parsed = CacheEntrySchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** The body stored under `hash`; null when it is missing or its bytes no longer match the hash. */
  async readBody(hash: string): Promise<Buffer | null> {
    let body: Buffer;
    try {
      body = await readFile(this.bodyPath(hash));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
    return sha256(body) === hash ? body : null;
  }

  async hasBody(hash: string): Promise<boolean> {
    try {
      await stat(this.bodyPath(hash));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Store a body and point `entry.url` (and `entry.finalUrl`, when a redirect led there) at it.
   * `documentOf` belongs to `entry.url`; the entry of a redirect's target keeps its own. Returns
   * the entry.
   */
  async put(
    entry: Omit<CacheEntry, "hash" | "validatedAt" | "documentOf"> & { documentOf?: string[] },
    body: Uint8Array,
  ): Promise<CacheEntry> {
    const hash = sha256(body);
    if (!(await this.hasBody(hash))) await writeAtomically(this.bodyPath(hash), body);
    const full: CacheEntry = { ...entry, hash, validatedAt: null, documentOf: entry.documentOf ?? [] };
    await this.putEntry(full);
    if (entry.finalUrl !== entry.url) {
      const target = await this.get(entry.finalUrl);
      await this.putEntry({ ...full, url: entry.finalUrl, documentOf: target?.documentOf ?? [] });
    }
    return full;
  }

  /** Replace the entry for `entry.url`. */
  async putEntry(entry: CacheEntry): Promise<void> {
    await writeAtomically(this.entryPath(entry.url), JSON.stringify(entry) + "\n");
  }

  /** Every readable entry, in no particular order (unreadable ones are skipped, as `get` skips them). */
  async *entries(): AsyncGenerator<CacheEntry> {
    for (const path of await this.files("urls")) {
      if (!path.endsWith(".json")) continue;
      const entry = await this.readEntry(path);
      if (entry !== null && this.entryPath(entry.url) === path) yield entry;
    }
  }

  /**
   * Remove the bodies no entry points to (an older version of a listing page, say) and the temp
   * files of writers that are gone (a process killed mid-write). A temp file of a live process,
   * this one included, is kept: it may be a write in progress. Bodies are written before the
   * entry naming them, so run this when no crawl writes to the cache, or a body just written
   * would be removed before its entry.
   */
  async collectGarbage(): Promise<{ removedBodies: number; removedTemps: number }> {
    let removedTemps = 0;
    const removeIfDeadTemp = async (path: string): Promise<boolean> => {
      const pid = tempWriterPid(basename(path));
      if (pid === null) return false;
      if (!processAlive(pid)) {
        await rm(path, { force: true });
        removedTemps++;
      }
      return true;
    };
    const referenced = new Set<string>();
    for (const path of await this.files("urls")) await removeIfDeadTemp(path);
    for await (const entry of this.entries()) referenced.add(hexOf(entry.hash));
    let removedBodies = 0;
    for (const path of await this.files("bodies")) {
      if (await removeIfDeadTemp(path)) continue;
      const name = path.slice(path.lastIndexOf("/") + 1);
      if (!/^[0-9a-f]{64}$/.test(name) || referenced.has(name)) continue;
      await rm(path, { force: true });
      removedBodies++;
    }
    return { removedBodies, removedTemps };
  }

  /** Paths of the files in `<root>/<area>/<aa>/`. */
  private async files(area: "urls" | "bodies"): Promise<string[]> {
    const paths: string[] = [];
    const top = join(this.root, area);
    let shards: string[];
    try {
      shards = await readdir(top);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return paths;
      throw err;
    }
    for (const shard of shards.sort()) {
      let names: string[];
      try {
        names = await readdir(join(top, shard));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "ENOTDIR") continue;
        throw err;
      }
      for (const name of names.sort()) paths.push(join(top, shard, name));
    }
    return paths;
  }
}
