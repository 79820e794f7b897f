/**
 * The work root of the temporary folders: one folder per process, and start-up removes the folders of
 * stopped processes, never anything else.
 */
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { checkWorkRoot, claimWorkDir, processIsAlive } from "../../src/runtime/work-root.js";
import { DEFAULT_SETTINGS, settingsFromEnv } from "../../src/settings.js";

let scratch: string;
let root: string;
beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "ml-footprint-work-test-"));
  root = path.join(scratch, "work");
});
afterEach(() => {
  chmodSync(scratch, 0o700);
  rmSync(scratch, { recursive: true, force: true });
});

/** A folder as a stopped (or running) process would have left it, with a checkout inside. */
function leftBehind(name: string): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, "checkout-abc123", "paper"), { recursive: true });
  writeFileSync(path.join(dir, "checkout-abc123", "paper", "main.tex"), "\\input{x}\n");
  return dir;
}

describe("claimWorkDir", () => {
  it("creates the root (owner only) and a folder of this process in it", async () => {
    const work = await claimWorkDir(root, { pid: 4321, isAlive: () => true });
    expect(path.dirname(work.dir)).toBe(root);
    expect(path.basename(work.dir)).toMatch(/^run-4321-[A-Za-z0-9]{6}$/);
    expect(work.removed).toEqual([]);
    const { statSync } = await import("node:fs");
    expect(statSync(root).mode & 0o777).toBe(0o700);
    await work.release();
    expect(readdirSync(root)).toEqual([]);
  });

  it("removes the folders of stopped processes and keeps those of running ones and every other entry", async () => {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    const dead = leftBehind("run-111-AAAAAA");
    leftBehind("run-222-BBBBBB");
    mkdirSync(path.join(root, "operator-notes"));
    writeFileSync(path.join(root, "run-333-CCCCCC.txt"), "not a run folder name");
    const work = await claimWorkDir(root, { pid: 999, isAlive: (pid) => pid === 222 });
    expect(work.removed).toEqual([dead]);
    expect(readdirSync(root).sort()).toEqual(
      ["operator-notes", "run-222-BBBBBB", "run-333-CCCCCC.txt", path.basename(work.dir)].sort(),
    );
  });

  it("removes a folder with its own pid that it did not create (a restarted container reuses the pid)", async () => {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    const stale = leftBehind("run-1-DDDDDD");
    const work = await claimWorkDir(root, { pid: 1, isAlive: () => true });
    expect(work.removed).toEqual([stale]);
    // A second runtime in the same process (tests, the CLI) leaves the first one's folder alone.
    const other = await claimWorkDir(root, { pid: 1, isAlive: () => true });
    expect(other.removed).toEqual([]);
    expect(readdirSync(root).sort()).toEqual([path.basename(work.dir), path.basename(other.dir)].sort());
  });

  it("removes a link named like a run folder, not what it points to", async () => {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    const outside = path.join(scratch, "precious");
    mkdirSync(outside);
    writeFileSync(path.join(outside, "keep.txt"), "keep");
    symlinkSync(outside, path.join(root, "run-111-EEEEEE"));
    await claimWorkDir(root, { pid: 999, isAlive: () => false });
    expect(readdirSync(outside)).toEqual(["keep.txt"]);
  });

  it("refuses a root that is a link (in a shared temp dir, someone else's), or a file", async () => {
    const elsewhere = path.join(scratch, "elsewhere");
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, root);
    await expect(claimWorkDir(root)).rejects.toMatchObject({
      code: "invalid_setting",
      message: expect.stringContaining("must be a folder, not a link or a file"),
    });
    const file = path.join(scratch, "file");
    writeFileSync(file, "");
    await expect(claimWorkDir(file)).rejects.toMatchObject({ code: "invalid_setting" });
  });
});

describe("checkWorkRoot and the setting", () => {
  it("refuses the file system root and the home folder", () => {
    expect(() => checkWorkRoot("/")).toThrow(/not "\/" \(the file system root or the home folder\)/);
    expect(() => checkWorkRoot(homedir())).toThrow(/the file system root or the home folder/);
    expect(() => checkWorkRoot("/home/x/..", "/home")).toThrow(/the file system root or the home folder/);
    expect(checkWorkRoot("/srv/footprint/work")).toBe("/srv/footprint/work");
  });

  it("stops the app at start on ML_FOOTPRINT_TMPDIR=/ and defaults to ml-footprint-work in the OS temp dir", () => {
    expect(() => settingsFromEnv({ ML_FOOTPRINT_TMPDIR: "/" })).toThrow(
      /ML_FOOTPRINT_TMPDIR must be a folder/,
    );
    expect(settingsFromEnv({}).tmpRoot).toBe(path.join(tmpdir(), "ml-footprint-work"));
    expect(DEFAULT_SETTINGS.tmpRoot).toBe(path.join(tmpdir(), "ml-footprint-work"));
  });

  it("keeps the queue journal in ML_FOOTPRINT_DATA_DIR (default .ml-footprint) when read from the environment", () => {
    expect(settingsFromEnv({}).journalFile).toBe(path.join(".ml-footprint", "queue.sqlite"));
    expect(settingsFromEnv({ ML_FOOTPRINT_DATA_DIR: "/var/lib/footprint" }).journalFile).toBe(
      "/var/lib/footprint/queue.sqlite",
    );
    // Embedders and tests get no journal unless they ask.
    expect(DEFAULT_SETTINGS.journalFile).toBeNull();
  });
});

describe("processIsAlive", () => {
  it("tells this process from a pid that does not exist", () => {
    expect(processIsAlive(process.pid)).toBe(true);
    expect(processIsAlive(2 ** 22 + 12345)).toBe(false);
  });
});
