/**
 * The Node options the `bangxin` executable runs under (pipeline/bin.ts applies them).
 *
 * Node starts four V8 worker threads whatever the machine has: they run the garbage collector's
 * helpers and the optimizing compiler (which, over a 10,000-document run, compiles for about
 * 4.5 s of CPU). All extraction happens on the main thread, so on a machine with two cores the
 * four workers take turns with it. One worker per core beyond the main thread's avoids that: on
 * the 2-core development VM the pipeline on the 10,000-document bench corpus went from a median
 * of 1,125 to 1,180 docs/s over 8 alternating runs each, and from 901 to 1,064 over 6 while the
 * host was busy. Machines with five cores or more keep Node's four.
 *
 * No imports beyond Node's: bin.ts loads this before anything else.
 */
import { availableParallelism } from "node:os";

/** Set in the environment of the relaunched process, so it never relaunches again. */
export const RELAUNCHED_ENV = "BANGXIN_RELAUNCHED";

/** Node's default number of V8 worker threads. */
const NODE_DEFAULT_POOL = 4;

/** V8 worker threads for a machine with `cores` cores: one per core beyond the main thread's, at most Node's four. */
export function v8PoolSizeFor(cores: number): number {
  return Math.min(NODE_DEFAULT_POOL, Math.max(1, Math.floor(cores) - 1));
}

const POOL_OPTION = /(?:^|\s)--v8-pool-size(?:[=\s]|$)/;

/**
 * The Node options to start the CLI again with, or null when this process should run it as it
 * is: it was relaunched already, the user chose a pool size (on the command line or in
 * NODE_OPTIONS), or the machine has enough cores for Node's default.
 */
export function relaunchArguments(execArgv: readonly string[], env: Readonly<Record<string, string | undefined>>, cores: number): string[] | null {
  if (env[RELAUNCHED_ENV] === "1") return null;
  if (execArgv.some((a) => POOL_OPTION.test(a)) || POOL_OPTION.test(env.NODE_OPTIONS ?? "")) return null;
  const pool = v8PoolSizeFor(cores);
  return pool === NODE_DEFAULT_POOL ? null : [`--v8-pool-size=${pool}`];
}

/**
 * The options the executable adds to a fresh Node process in this environment (none when
 * NODE_OPTIONS already holds a pool size: children inherit it): for tools such as the benches
 * that start the pipeline in a child of their own and must measure what `bangxin` runs.
 */
export function executableNodeOptions(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  return relaunchArguments([], env, availableParallelism()) ?? [];
}
