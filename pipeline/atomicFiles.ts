/**
 * Atomic files, shared by every writer that must survive a kill (the refresh's outputs and state,
 * the crawler's response cache): each file is written under a temporary name, flushed to disk and
 * renamed into place, and temporaries a killed process left behind are recognised by their name
 * (which carries the writer's pid) and removed later.
 */
import { readFileSync } from "node:fs";
import { open, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";

/** Temporaries made by this process so far: two writes of one path in one millisecond get distinct names. */
let tempCount = 0;

/** `<path>.tmp-<pid>-<ms>-<n>`: the pid tells a later run whether the writer can still be alive. */
export function tempPathFor(path: string): string {
  return `${path}.tmp-${process.pid}-${Date.now()}-${++tempCount}`;
}

const TEMP_NAME = /\.tmp-(\d+)(?:-\d+)*$/;

/** The pid of the process writing the temporary `name` (a tempPathFor name); null for any other file. */
export function tempWriterPid(name: string): number | null {
  const m = TEMP_NAME.exec(name);
  return m === null ? null : Number(m[1]);
}

/**
 * Whether a process with this pid runs. EPERM means it exists under another user. A zombie (killed,
 * not yet reaped by its parent) counts as gone: it holds nothing any more, and in a container whose
 * init does not reap, it never goes away.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S …"; the comm may hold spaces and parentheses, the state follows the last ")"
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat[stat.lastIndexOf(")") + 2] !== "Z";
  } catch {
    return true; // no /proc (not Linux): kill(0) is all there is
  }
}

/** Write `data` to `path` atomically: temp file, fsync, rename. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(path);
  const handle = await open(temp, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(temp, { force: true });
    throw e;
  }
  await handle.close();
  await rename(temp, path);
}

/**
 * Remove the temporaries of writers that are gone (a killed or crashed run) from `dirs` (not
 * recursive). A temporary of a live process other than this one is left alone.
 */
export async function removeDeadTemps(dirs: string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const pid = tempWriterPid(name);
      if (pid === null || (pid !== process.pid && processAlive(pid))) continue;
      await rm(join(dir, name), { force: true, recursive: true });
      removed.push(join(dir, name));
    }
  }
  return removed;
}
