/**
 * The Node options of the `bangxin` executable (pipeline/runtime.ts) and the launcher that
 * applies them (pipeline/bin.ts), run as a real process tree.
 */
import { describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { RELAUNCHED_ENV, executableNodeOptions, relaunchArguments, v8PoolSizeFor } from "../pipeline/runtime.js";

const ROOT = join(__dirname, "..");
const BIN = join(ROOT, "pipeline", "bin.ts");
/** The launcher under node itself (tsx as a loader), so that the test's child is the launcher. */
const NODE_ARGS = ["--import", "tsx", BIN];

function envWithout(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const n of names) delete env[n];
  return env;
}

describe("v8PoolSizeFor", () => {
  it("leaves the main thread a core: one worker per further core, at most Node's four", () => {
    expect([1, 2, 3, 4, 5, 6, 64].map(v8PoolSizeFor)).toEqual([1, 1, 2, 3, 4, 4, 4]);
  });
});

describe("relaunchArguments", () => {
  it("asks for the pool size on a small machine", () => {
    expect(relaunchArguments([], {}, 2)).toEqual(["--v8-pool-size=1"]);
    expect(relaunchArguments(["--import", "tsx"], { NODE_OPTIONS: "--max-old-space-size=512" }, 3)).toEqual(["--v8-pool-size=2"]);
  });

  it("runs as it is once relaunched, when the user chose a pool size, or with enough cores", () => {
    expect(relaunchArguments([], { [RELAUNCHED_ENV]: "1" }, 2)).toBe(null);
    expect(relaunchArguments(["--v8-pool-size=3"], {}, 2)).toBe(null);
    expect(relaunchArguments(["--v8-pool-size", "3"], {}, 2)).toBe(null);
    expect(relaunchArguments([], { NODE_OPTIONS: "--max-old-space-size=512 --v8-pool-size=2" }, 2)).toBe(null);
    expect(relaunchArguments([], {}, 5)).toBe(null);
    expect(relaunchArguments([], {}, 32)).toBe(null);
  });
});

describe("executableNodeOptions", () => {
  it("is what the executable adds to a fresh process here, and nothing when NODE_OPTIONS chose a pool size", () => {
    const pool = v8PoolSizeFor(availableParallelism());
    expect(executableNodeOptions({})).toEqual(pool === 4 ? [] : [`--v8-pool-size=${pool}`]);
    expect(executableNodeOptions({ NODE_OPTIONS: "--v8-pool-size=2" })).toEqual([]);
  });
});

describe("bin (the bangxin executable)", () => {
  it("passes output and exit codes through", () => {
    const schema = spawnSync(process.execPath, [...NODE_ARGS, "schema"], { cwd: ROOT, encoding: "utf8", env: envWithout(RELAUNCHED_ENV, "NODE_OPTIONS"), timeout: 60_000 });
    expect(schema.status).toBe(0);
    expect(JSON.parse(schema.stdout).$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    const unknown = spawnSync(process.execPath, [...NODE_ARGS, "frobnicate"], { cwd: ROOT, encoding: "utf8", env: envWithout(RELAUNCHED_ENV, "NODE_OPTIONS"), timeout: 60_000 });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('bangxin: unknown command "frobnicate"');
  }, 60_000);

  it("runs the CLI under the pool size in a child, hands it SIGTERM and ends by that signal", async () => {
    const expected = relaunchArguments([], {}, availableParallelism());
    const out = mkdtempSync(join(tmpdir(), "bangxin-runtime-"));
    // `run -` waits for stdin, which the test keeps open: the process tree stays up to be looked at
    const launcher = spawn(process.execPath, [...NODE_ARGS, "run", "-", "--out", out], {
      cwd: ROOT,
      env: envWithout(RELAUNCHED_ENV, "NODE_OPTIONS"),
      stdio: ["pipe", "ignore", "pipe"],
    });
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => launcher.on("exit", (code, signal) => resolve({ code, signal })));
    const childrenOf = (pid: number): number[] =>
      readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
    let children: number[] = [];
    for (let i = 0; i < 100 && children.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      children = childrenOf(launcher.pid!);
    }
    if (expected === null) {
      // five cores or more: Node's default is kept and nothing is relaunched
      expect(children).toEqual([]);
      launcher.kill("SIGTERM");
      expect((await ended).signal).toBe("SIGTERM");
      rmSync(out, { recursive: true, force: true });
      return;
    }
    expect(children.length).toBe(1);
    const cmdline = readFileSync(`/proc/${children[0]}/cmdline`, "utf8").split("\0").filter(Boolean);
    expect(cmdline.slice(1, 4)).toEqual([...expected, "--import", "tsx"]);
    expect(cmdline.slice(4)).toEqual([BIN, "run", "-", "--out", out]);
    launcher.kill("SIGTERM");
    expect(await ended).toEqual({ code: null, signal: "SIGTERM" });
    // the child got the signal too and is gone
    expect(() => process.kill(children[0], 0)).toThrow();
    launcher.stdin!.end();
    rmSync(out, { recursive: true, force: true });
  }, 60_000);
});
