import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
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
});

export type CacheEntry = z.output<typeof CacheEntrySchema>;

function hexOf(hash: string): string {
  return hash.slice("sha256:".length);
}

/** Write via a temp file and rename, so a reader never sees a partial file. */
async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
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
    let raw: string;
    try {
      raw = await readFile(this.entryPath(url), "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
    try {
      const parsed = CacheEntrySchema.safeParse(JSON.parse(raw));
      return parsed.success && parsed.data.url === url ? parsed.data : null;
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

  /** Store a body and point `entry.url` (and `entry.finalUrl`, when a redirect led there) at it. Returns the entry. */
  async put(entry: Omit<CacheEntry, "hash" | "validatedAt">, body: Uint8Array): Promise<CacheEntry> {
    const hash = sha256(body);
    if (!(await this.hasBody(hash))) await writeAtomically(this.bodyPath(hash), body);
    const full: CacheEntry = { ...entry, hash, validatedAt: null };
    await this.putEntry(full);
    if (entry.finalUrl !== entry.url) await this.putEntry({ ...full, url: entry.finalUrl });
    return full;
  }

  /** Replace the entry for `entry.url`. */
  async putEntry(entry: CacheEntry): Promise<void> {
    await writeAtomically(this.entryPath(entry.url), JSON.stringify(entry) + "\n");
  }
}
