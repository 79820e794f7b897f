import { execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, open, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectRepositoryFiles } from "../../../src/readers/code/collect.js";
import { readRepository } from "../../../src/readers/code/index.js";
import { InputError } from "../../../src/domain/errors.js";

const FIXTURES = new URL("../../../fixtures/repos/", import.meta.url).pathname;

describe("collecting a hostile repository", () => {
  let root: string;
  let outside: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "code-hostile-"));
    outside = await mkdtemp(join(tmpdir(), "code-outside-"));
    await cp(join(FIXTURES, "hostile"), root, { recursive: true });
    await writeFile(join(outside, "secret.py"), "EPOCHS = 999\n");
    await mkdir(join(root, "loop"));
    await symlink("..", join(root, "loop", "again")); // a -> .. -> a ... never followed
    await symlink(outside, join(root, "escape"));
    await symlink(join(outside, "secret.py"), join(root, "linked.py"));
    const big = await open(join(root, "huge_config.yaml"), "w");
    await big.truncate(50 * 1024 * 1024); // a 50 MB file, sparse: nothing is written to disk
    await big.close();
    await writeFile(
      join(root, "weights.py"),
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0x45, 0x50]),
    );
    execFileSync("mkfifo", [join(root, "pipe.py")]);
    await mkdir(join(root, "node_modules", "pkg"), { recursive: true });
    await writeFile(join(root, "node_modules", "pkg", "train.py"), "EPOCHS = 500\n");
    await mkdir(join(root, "env"));
    await writeFile(join(root, "env", "pyvenv.cfg"), "home = /usr/bin\n");
    await writeFile(join(root, "env", "train.py"), "EPOCHS = 501\n");
    await mkdir(join(root, ".git"));
    await writeFile(join(root, ".git", "config.yaml"), "epochs: 502\n");
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it("reads only the ordinary file and names every skipped file in a warning", async () => {
    const result = await collectRepositoryFiles(root);
    expect(result.files.map((f) => f.path)).toEqual(["train.py"]);
    expect(result.warnings.map((w) => [w.code, w.file]).sort()).toEqual([
      ["binary_skipped", "weights.py"],
      ["file_too_large", "huge_config.yaml"],
      ["not_regular", "pipe.py"],
      ["symlink_skipped", "escape"],
      ["symlink_skipped", "linked.py"],
      ["symlink_skipped", "loop/again"],
    ]);
  });

  it("reports the repository's own facts and nothing from the skipped files", async () => {
    const report = await readRepository(root);
    expect(
      report.facts.map((f) => [f.field, f.value, f.evidence.kind === "code" && f.evidence.file]),
    ).toEqual([["epochs", 7, "train.py"]]);
    expect(report.warnings.map((w) => w.code)).toContain("binary_skipped");
  });

  it("stops at the file and byte bounds with one warning", async () => {
    const many = await mkdtemp(join(tmpdir(), "code-many-"));
    try {
      for (let i = 0; i < 30; i += 1)
        await writeFile(join(many, `m${String(i).padStart(2, "0")}.py`), "x = 1\n");
      const result = await collectRepositoryFiles(many, { maxFiles: 10 });
      expect(result.files).toHaveLength(10);
      expect(result.skipped).toBe(20);
      expect(result.warnings.map((w) => w.code)).toEqual(["repository_truncated"]);
      const bytes = await collectRepositoryFiles(many, { maxTotalBytes: 18 });
      expect(bytes.files).toHaveLength(3);
    } finally {
      await rm(many, { recursive: true, force: true });
    }
  });

  it("refuses a folder that does not exist with a typed error", async () => {
    await expect(collectRepositoryFiles(join(root, "missing"))).rejects.toBeInstanceOf(InputError);
    await expect(collectRepositoryFiles(join(root, "train.py"))).rejects.toMatchObject({ code: "not_found" });
  });
});
