#!/usr/bin/env node
/**
 * The `bangxin` executable. It runs the CLI (cli.ts) under the Node options of runtime.ts: when
 * this process was started without them, it starts itself once more with them, passes the
 * terminal through (stdin included, for `bangxin run -`), hands on the signals sent to it alone
 * (systemd's SIGTERM), and ends as the relaunched process ended: its exit code or its signal.
 */
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { RELAUNCHED_ENV, relaunchArguments } from "./runtime.js";

const extra = relaunchArguments(process.execArgv, process.env, availableParallelism());
if (extra === null) {
  await import("./cli.js");
} else {
  const child = spawn(process.execPath, [...extra, ...process.execArgv, process.argv[1], ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, [RELAUNCHED_ENV]: "1" },
  });
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  // A terminal's Ctrl-C reaches both processes (one process group); a signal sent to this one
  // alone must reach the child too. Either way this process waits for the child to end.
  const forward = (signal: NodeJS.Signals): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const s of signals) process.on(s, forward);
  child.on("error", (e) => {
    process.stderr.write(`bangxin: could not start ${process.execPath}: ${e.message}\n`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    if (signal !== null) {
      for (const s of signals) process.off(s, forward);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}
