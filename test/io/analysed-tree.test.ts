import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AnalysedTree, isTreeRefusal, treeOfFile } from "../../src/io/analysed-tree.js";

/** A folder with a tree inside (`repo/`) and a secret beside it that no read may reach. */
function hostileLayout() {
  const base = mkdtempSync(path.join(tmpdir(), "tree-"));
  const repo = path.join(base, "repo");
  mkdirSync(path.join(repo, "paper"), { recursive: true });
  writeFileSync(path.join(base, "secret.txt"), "SECRET-OUTSIDE");
  writeFileSync(path.join(repo, "paper", "main.tex"), "Hello.");
  symlinkSync(path.join(base, "secret.txt"), path.join(repo, "link.txt"));
  symlinkSync(base, path.join(repo, "up"));
  symlinkSync("main.tex", path.join(repo, "paper", "inside-link.tex"));
  return { base, repo };
}

function refusalOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (isTreeRefusal(error)) return error.refusal;
    throw error;
  }
  return "read";
}

describe("AnalysedTree", () => {
  let layout: ReturnType<typeof hostileLayout>;
  let tree: AnalysedTree;
  beforeEach(() => {
    layout = hostileLayout();
    tree = AnalysedTree.open(layout.repo);
  });
  afterEach(() => rmSync(layout.base, { recursive: true, force: true }));

  const read = (p: string) => () => tree.readText(p, { maxBytes: 1024 });

  it("reads a regular file inside the root", () => {
    expect(tree.readText("paper/main.tex", { maxBytes: 1024 })).toBe("Hello.");
    expect(tree.readText("./paper/../paper/main.tex", { maxBytes: 1024 })).toBe("Hello.");
  });

  it("refuses absolute paths, whatever they point at", () => {
    expect(refusalOf(read("/etc/passwd"))).toBe("absolute_path");
    expect(refusalOf(read("/proc/self/environ"))).toBe("absolute_path");
    expect(refusalOf(read(path.join(layout.repo, "paper/main.tex")))).toBe("absolute_path");
    expect(refusalOf(read("C:\\Windows\\win.ini"))).toBe("absolute_path");
    expect(refusalOf(read("~/.ssh/id_rsa"))).toBe("absolute_path");
  });

  it("refuses paths that climb out of the root", () => {
    expect(refusalOf(read("../secret.txt"))).toBe("outside_root");
    expect(refusalOf(read("paper/../../secret.txt"))).toBe("outside_root");
    expect(refusalOf(read("..\\secret.txt"))).toBe("outside_root");
  });

  it("refuses version-control metadata inside the root, where a checkout keeps its token", () => {
    mkdirSync(path.join(layout.repo, ".git"));
    writeFileSync(path.join(layout.repo, ".git", "config"), "extraheader = AUTHORIZATION: basic TOKEN");
    writeFileSync(path.join(layout.repo, ".gitignore"), "*.pt");
    expect(refusalOf(read(".git/config"))).toBe("vcs_metadata");
    expect(refusalOf(read("paper/../.git/config"))).toBe("vcs_metadata");
    expect(refusalOf(read("sub/.HG/store"))).toBe("vcs_metadata");
    // Files whose names only start like it are read.
    expect(tree.readText(".gitignore", { maxBytes: 1024 })).toBe("*.pt");
  });

  it("never follows a symlink, as the file or as a folder on the way, even one that stays inside", () => {
    expect(refusalOf(read("link.txt"))).toBe("symlink");
    expect(refusalOf(read("up/secret.txt"))).toBe("symlink");
    expect(refusalOf(read("paper/inside-link.tex"))).toBe("symlink");
    expect(tree.entry("link.txt")).toBe("symlink");
    expect(tree.list("").find((e) => e.name === "up")?.kind).toBe("symlink");
  });

  it("refuses a FIFO at once instead of waiting for a writer", () => {
    execFileSync("mkfifo", [path.join(layout.repo, "train.py")]);
    expect(refusalOf(read("train.py"))).toBe("special_file");
    expect(tree.entry("train.py")).toBe("special");
  });

  it("refuses a file over the bound by its size, before reading (a 3 GB sparse file)", () => {
    const big = path.join(layout.repo, "huge.tex");
    writeFileSync(big, "");
    truncateSync(big, 3 * 1024 ** 3);
    expect(refusalOf(() => tree.readBytes("huge.tex", { maxBytes: 20 * 1024 * 1024 }))).toBe("too_large");
    expect(tree.size("huge.tex")).toBe(3 * 1024 ** 3);
    expect(tree.readBytes("huge.tex", { maxBytes: 10, headBytes: 10 })).toHaveLength(10);
  });

  it("says which file was refused and why, as an InputError", () => {
    try {
      tree.readText("link.txt", { maxBytes: 10 });
      throw new Error("not refused");
    } catch (error) {
      expect(isTreeRefusal(error) && error.message).toBe(
        "link.txt: a symbolic link; links are never followed",
      );
      expect((error as { code: string }).code).toBe("symlink");
    }
  });

  it("reports missing files and folders as not found", () => {
    expect(refusalOf(read("nope.tex"))).toBe("not_found");
    expect(refusalOf(read("paper/main.tex/x"))).toBe("not_found");
    expect(refusalOf(read("paper"))).toBe("is_directory");
    expect(tree.entry("nope")).toBeNull();
  });

  it("resolves a root given through a symlink once, and keeps paths written against it", () => {
    const alias = path.join(layout.base, "alias");
    symlinkSync(layout.repo, alias);
    const viaAlias = AnalysedTree.open(alias);
    expect(viaAlias.relativeOf(path.join(alias, "paper/main.tex"))).toBe("paper/main.tex");
    expect(viaAlias.relativeOf(path.join(layout.repo, "paper/main.tex"))).toBe("paper/main.tex");
    expect(viaAlias.relativeOf(path.join(layout.base, "secret.txt"))).toBeNull();
  });

  it("places a file given on a command line in the tree it lies in, else in its own folder", () => {
    expect(treeOfFile(path.join(layout.repo, "paper/main.tex"), tree).relative).toBe("paper/main.tex");
    const own = treeOfFile(path.join(layout.base, "secret.txt"), tree);
    expect(own.relative).toBe("secret.txt");
    expect(own.tree.root).not.toBe(tree.root);
  });

  it("refuses to open a missing folder with a clear error", () => {
    expect(() => AnalysedTree.open(path.join(layout.base, "missing"))).toThrow(/no such folder/);
  });
});
