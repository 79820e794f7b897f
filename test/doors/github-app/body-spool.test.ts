/** Where unverified bodies wait (src/app/http/body-spool.ts): memory first, then a file no one can see. */
import { afterEach, describe, expect, it } from "@jest/globals";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createBodySpool } from "../../../src/doors/http/body-spool.js";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ml-footprint-spool-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** `count` chunks of `size` bytes, each a different byte, so order and offsets are checked. */
const chunks = (count: number, size: number) =>
  Array.from({ length: count }, (_, i) => Buffer.alloc(size, i));

describe("the body spool", () => {
  it("keeps a body under the threshold in memory and never touches the disk", async () => {
    const dir = path.join(tempDir(), "never-created");
    const spool = createBodySpool(dir, 1024);
    for (const chunk of chunks(3, 100)) spool.add(chunk);
    await spool.settled();
    expect(await spool.bytes()).toEqual(Buffer.concat(chunks(3, 100)));
    expect(() => readdirSync(dir)).toThrow();
  });

  it("moves a larger body to a file that is unlinked at once, and reads it back whole and in order", async () => {
    const dir = tempDir();
    const spool = createBodySpool(dir, 1024);
    const sent = chunks(40, 700);
    for (const chunk of sent) {
      spool.add(chunk);
      await spool.drained(0);
      // Written to a file that was unlinked as soon as it was open: nothing in the folder.
      expect(readdirSync(dir)).toEqual([]);
    }
    await spool.settled();
    expect(spool.backlog).toBe(0);
    expect(await spool.bytes()).toEqual(Buffer.concat(sent));
    expect(readdirSync(dir)).toEqual([]);
  });

  it("drops a discarded body with its file", async () => {
    const dir = tempDir();
    const spool = createBodySpool(dir, 10);
    for (const chunk of chunks(5, 100)) spool.add(chunk);
    await spool.discard();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("reports a folder it cannot write to when the body is settled, not by throwing from add", async () => {
    const blocker = path.join(tempDir(), "a-file");
    writeFileSync(blocker, "");
    const spool = createBodySpool(path.join(blocker, "spool"), 10);
    expect(() => spool.add(Buffer.alloc(100))).not.toThrow();
    await expect(spool.settled()).rejects.toThrow();
    await expect(spool.drained(0)).resolves.toBeUndefined();
    await spool.discard();
  });
});
