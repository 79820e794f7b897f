/**
 * A real redis-server for the queue tests (Debian's package; `.ci/run` installs it): started on a free loopback
 * port with no persistence in a temporary folder, stopped after. Missing locally: the tests skip with a message;
 * missing in CI (`CI` set): they fail.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { freePort } from "../helpers/free-port.js";
import os from "node:os";
import path from "node:path";

export interface TestRedis {
  /** `redis://127.0.0.1:PORT` (append `/N` for database N). */
  url: string;
  stop(): Promise<void>;
}

/** True when redis-server runs here; in CI a missing server is an error, not a skip. */
export function redisServerAvailable(): boolean {
  const probe = spawnSync("redis-server", ["--version"], { stdio: "ignore" });
  const available = probe.error === undefined && probe.status === 0;
  if (!available && process.env.CI)
    throw new Error(
      "redis-server is not installed; the queue tests need it in CI (apt-get install redis-server)",
    );
  if (!available) console.warn("redis-server is not installed: the survey queue tests are skipped");
  return available;
}

/** Starts a redis-server and waits until it accepts connections. */
export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "survey-redis-"));
  const port = await freePort();
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}):\n${output}`));
    });
  });
  child.stdout?.removeAllListeners("data");
  child.stdout?.resume();
  child.removeAllListeners("exit");
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
