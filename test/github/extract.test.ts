import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { extractTarball, unsafePathReason } from "../../src/github/checkout/extract.js";
import { DEFAULT_REPOSITORY_LIMITS, type RepositoryLimits } from "../../src/github/checkout/limits.js";
import { buildTarGz, type TarEntry } from "../helpers/app/tarball.js";

const TOP = "octo-paper-abc1234";
let dir: string;
let outside: string;

beforeEach(() => {
  outside = mkdtempSync(path.join(tmpdir(), "ml-footprint-test-outside-"));
  dir = mkdtempSync(path.join(outside, "extract-"));
});
afterEach(() => rmSync(outside, { recursive: true, force: true }));

const extract = (entries: TarEntry[], limits: Partial<RepositoryLimits> = {}) =>
  extractTarball(Readable.from([buildTarGz(entries)]), dir, { ...DEFAULT_REPOSITORY_LIMITS, ...limits });

/** Every path under `root`, relative, sorted. */
function tree(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(root, rel))) {
      const child = rel ? `${rel}/${name}` : name;
      out.push(lstatSync(path.join(root, child)).isDirectory() ? `${child}/` : child);
      if (lstatSync(path.join(root, child)).isDirectory()) walk(child);
    }
  };
  walk("");
  return out.sort();
}

describe("safe extraction of a repository tarball", () => {
  it("strips GitHub's top-level folder and writes files and folders", async () => {
    const summary = await extract([
      { path: `${TOP}/`, type: "Directory" },
      { path: `${TOP}/train.py`, body: "print('train')\n" },
      { path: `${TOP}/configs/`, type: "Directory" },
      { path: `${TOP}/configs/a.yaml`, body: "epochs: 3\n" },
    ]);
    expect(tree(dir)).toEqual(["configs/", "configs/a.yaml", "train.py"]);
    expect(readFileSync(path.join(dir, "configs/a.yaml"), "utf8")).toBe("epochs: 3\n");
    expect(summary).toEqual({ files: 2, directories: 1, bytes: 25, skipped: [] });
  });

  it("writes no symbolic link, hard link, device or FIFO, and says why each was skipped", async () => {
    const summary = await extract([
      { path: `${TOP}/train.py`, body: "x = 1\n" },
      { path: `${TOP}/passwd`, type: "SymbolicLink", linkpath: "/etc/passwd" },
      { path: `${TOP}/escape`, type: "SymbolicLink", linkpath: "../../.." },
      { path: `${TOP}/hard`, type: "Link", linkpath: `${TOP}/train.py` },
      { path: `${TOP}/tty`, type: "CharacterDevice" },
      { path: `${TOP}/disk`, type: "BlockDevice" },
      { path: `${TOP}/pipe`, type: "FIFO" },
    ]);
    expect(tree(dir)).toEqual(["train.py"]);
    expect(summary.skipped).toEqual([
      { path: `${TOP}/passwd`, reason: "symlink" },
      { path: `${TOP}/escape`, reason: "symlink" },
      { path: `${TOP}/hard`, reason: "hardlink" },
      { path: `${TOP}/tty`, reason: "device" },
      { path: `${TOP}/disk`, reason: "device" },
      { path: `${TOP}/pipe`, reason: "fifo" },
    ]);
  });

  it("cannot be made to write through a symlink it was given, since none is created", async () => {
    await extract([
      { path: `${TOP}/link`, type: "SymbolicLink", linkpath: outside },
      { path: `${TOP}/link/planted.txt`, body: "gotcha" },
    ]);
    expect(existsSync(path.join(outside, "planted.txt"))).toBe(false);
    expect(existsSync(path.join(dir, "link"))).toBe(true);
    expect(lstatSync(path.join(dir, "link")).isDirectory()).toBe(true);
  });

  it("refuses absolute paths and paths with ..", async () => {
    const summary = await extract([
      { path: `${TOP}/ok.txt`, body: "ok" },
      { path: `${TOP}/../../evil.txt`, body: "evil" },
      { path: "/tmp/absolute-evil.txt", body: "evil" },
      { path: `${TOP}/a/../../b.txt`, body: "evil" },
    ]);
    expect(tree(dir)).toEqual(["ok.txt"]);
    expect(readdirSync(outside)).toEqual([path.basename(dir)]);
    expect(summary.skipped.map((s) => s.reason)).toEqual(["unsafe_path", "absolute_path", "unsafe_path"]);
  });

  it("skips a single file over maxFileBytes and keeps the rest", async () => {
    const summary = await extract(
      [
        { path: `${TOP}/small.txt`, body: "12345" },
        { path: `${TOP}/checkpoint.pt`, body: Buffer.alloc(2000) },
      ],
      { maxFileBytes: 1000 },
    );
    expect(tree(dir)).toEqual(["small.txt"]);
    expect(summary.skipped).toEqual([{ path: `${TOP}/checkpoint.pt`, reason: "too_large" }]);
  });

  it("stops with too_many_files past maxEntries", async () => {
    const entries = Array.from({ length: 6 }, (_, i) => ({ path: `${TOP}/f${i}.txt`, body: "x" }));
    await expect(extract(entries, { maxEntries: 5 })).rejects.toMatchObject({
      code: "too_many_files",
      message: "The repository has more than 5 files and folders.",
    });
  });

  it("stops with extracted_too_large when the files add up past maxExtractedBytes", async () => {
    const entries = Array.from({ length: 4 }, (_, i) => ({
      path: `${TOP}/f${i}.bin`,
      body: Buffer.alloc(400),
    }));
    await expect(extract(entries, { maxExtractedBytes: 1000 })).rejects.toMatchObject({
      code: "extracted_too_large",
    });
  });

  it("stops with archive_too_large past maxArchiveBytes (compressed) and maxStreamBytes (uncompressed)", async () => {
    let seed = 42;
    const random = Buffer.from(
      Array.from({ length: 50_000 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 23),
    );
    const entries = [{ path: `${TOP}/noise.bin`, body: random }];
    await expect(extract(entries, { maxArchiveBytes: 10_000 })).rejects.toMatchObject({
      code: "archive_too_large",
      message: "The repository archive is larger than 9.8 KB.",
    });
    await expect(
      extract([{ path: `${TOP}/zeros.bin`, body: Buffer.alloc(200_000) }], { maxStreamBytes: 100_000 }),
    ).rejects.toMatchObject({
      code: "archive_too_large",
    });
  });

  it("reports a corrupt or truncated archive as bad_archive", async () => {
    await expect(
      extractTarball(Readable.from([Buffer.from("not gzip at all")]), dir, DEFAULT_REPOSITORY_LIMITS),
    ).rejects.toMatchObject({
      code: "bad_archive",
    });
    const whole = buildTarGz([{ path: `${TOP}/a.txt`, body: "a".repeat(5000) }]);
    const { gunzipSync } = await import("node:zlib");
    const truncated = gzipSync(gunzipSync(whole).subarray(0, 1200));
    await expect(
      extractTarball(Readable.from([truncated]), dir, DEFAULT_REPOSITORY_LIMITS),
    ).rejects.toMatchObject({
      code: "bad_archive",
    });
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    controller.abort("superseded");
    await expect(
      extractTarball(
        Readable.from([buildTarGz([{ path: `${TOP}/a.txt`, body: "a" }])]),
        dir,
        DEFAULT_REPOSITORY_LIMITS,
        controller.signal,
      ),
    ).rejects.toMatchObject({
      code: "bad_archive",
      message: expect.stringContaining("extraction aborted (superseded)"),
    });
  });
});

describe("unsafePathReason", () => {
  it.each([
    ["a/b.txt", null],
    ["a/..b/c", null],
    ["/etc/passwd", "absolute_path"],
    ["C:\\evil", "absolute_path"],
    ["a/../../b", "unsafe_path"],
    ["a\\..\\b", "unsafe_path"],
    ["a\0b", "unsafe_path"],
  ])("%j → %j", (input, expected) => {
    expect(unsafePathReason(input)).toBe(expected);
  });
});
