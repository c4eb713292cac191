/**
 * One refresh at a time per output directory. The lock is a file created exclusively (O_EXCL)
 * holding the owner's pid and host; a lock whose process is gone (killed, crashed) is taken over.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { link, open, readFile, unlink } from "node:fs/promises";
import { processAlive } from "../atomicFiles.js";

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  /** Tells this acquisition from any other, also from an earlier process that had the same pid. */
  token: string;
}

/** Tokens of this process's acquisitions that are under way or hold their lock. */
const liveTokens = new Set<string>();

export class LockedError extends Error {
  override name = "LockedError";
  constructor(
    readonly lockPath: string,
    readonly owner: LockOwner | null,
  ) {
    super(
      owner
        ? `another bangxin refresh is running on this output (pid ${owner.pid} on ${owner.host}, started ${owner.startedAt}); ` +
            `lock file ${lockPath}. If no such process exists, delete the lock file.`
        : `another bangxin refresh is taking over the lock ${lockPath}; try again later`,
    );
  }
}

export interface Lock {
  path: string;
  release(): Promise<void>;
}

async function readOwner(path: string): Promise<LockOwner | null> {
  try {
    const value = JSON.parse(await readFile(path, "utf8")) as Partial<LockOwner>;
    if (typeof value.pid === "number" && typeof value.host === "string") {
      return { pid: value.pid, host: value.host, startedAt: String(value.startedAt), token: String(value.token) };
    }
    return null;
  } catch {
    return null;
  }
}

let staged = 0;

/**
 * Create `path` with `content`, or return false if it exists. The content is written to a private
 * file first and hard-linked into place, so the lock never exists without its owner in it (a kill
 * between creating and writing would otherwise leave an empty lock nobody could judge).
 */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const staging = `${path}.tmp-${process.pid}-${++staged}`;
  const handle = await open(staging, "w");
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(staging, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    await unlink(staging).catch(() => {});
  }
}

/**
 * A lock left by a process that no longer runs on this host. One from another host (a shared
 * file system) cannot be checked and counts as held; so does one that cannot be read. A lock with
 * this process's pid is ours only if its token is: after a reboot a killed run's pid is often
 * handed out again, and that run's lock is stale.
 */
function isStale(owner: LockOwner | null): owner is LockOwner {
  if (owner === null || owner.host !== hostname()) return false;
  return owner.pid === process.pid ? !liveTokens.has(owner.token) : !processAlive(owner.pid);
}

/**
 * Take the lock at `path` or throw LockedError. Breaking a stale lock is itself serialised by a
 * second exclusive file (`<path>.break`), so two runs that both find the same stale lock cannot
 * both win: the second one re-reads the lock after the first has replaced it and finds it alive.
 */
export async function acquireLock(path: string): Promise<Lock> {
  const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), token: randomUUID() };
  liveTokens.add(me.token);
  try {
    return await takeLock(path, me);
  } catch (e) {
    liveTokens.delete(me.token);
    throw e;
  }
}

async function takeLock(path: string, me: LockOwner): Promise<Lock> {
  const content = JSON.stringify(me) + "\n";
  const breakPath = path + ".break";
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createExclusive(path, content)) {
      return { path, release: () => releaseLock(path, me) };
    }
    const owner = await readOwner(path);
    if (!isStale(owner)) throw new LockedError(path, owner);
    if (!(await createExclusive(breakPath, content))) {
      // someone else is breaking it, or died while breaking it (a window of a few system calls)
      const breaker = await readOwner(breakPath);
      if (!isStale(breaker)) throw new LockedError(path, null);
      // Remove the dead breaker's file only if it is still that one. Left open (documented, not
      // fixed): two runs that both read the same dead breaker can interleave so that the second
      // removes the first one's fresh .break between this check and the unlink; both then break
      // the stale lock, and the link in createExclusive still lets only one of them create the new
      // lock unless one of them also removes the other's new lock in the instants between. That
      // takes a run killed while breaking a lock plus two runs started within milliseconds of each other.
      if ((await readOwner(breakPath))?.token === breaker.token) await unlink(breakPath).catch(() => {});
      continue;
    }
    try {
      const again = await readOwner(path);
      if (again !== null && again.token === owner.token) {
        await unlink(path).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== "ENOENT") throw e;
        });
      }
    } finally {
      await unlink(breakPath).catch(() => {});
    }
  }
  throw new LockedError(path, await readOwner(path));
}

async function releaseLock(path: string, me: LockOwner): Promise<void> {
  const owner = await readOwner(path);
  // never remove a lock that is not ours (taken over after we were presumed dead)
  if (owner && owner.token === me.token) await unlink(path).catch(() => {});
  liveTokens.delete(me.token);
}
