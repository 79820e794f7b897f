/**
 * Finding files by the names code uses for them: a script path on a launch line (`../src/train.py`, an absolute
 * path from the author's machine), a config path (`../config/dummy/run.json`), a Python module
 * (`utils.general_dqn`, `.models`). Paths that do not resolve to exactly one file stay unresolved.
 */
import { normaliseTreePath } from "../../io/analysed-tree.js";
import type { FileFindings } from "./types.js";

export class RepoIndex {
  readonly byPath: Map<string, FileFindings>;
  private readonly byBaseName = new Map<string, string[]>();
  private pythonTops: Set<string> | null = null;

  constructor(findings: FileFindings[]) {
    this.byPath = new Map(findings.map((f) => [f.path, f]));
    for (const path of this.byPath.keys()) {
      const base = path.slice(path.lastIndexOf("/") + 1);
      const list = this.byBaseName.get(base);
      if (list) list.push(path);
      else this.byBaseName.set(base, [path]);
    }
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  /**
   * A file path as written on a command line or in code, relative to `baseDir` first, then anywhere unique. With
   * `launch` (the script a command starts), a bare name is looked for only in the command's own top-level folder
   * and several files that are equally near stay unresolved (see `launchMatch`).
   */
  resolvePath(
    written: string,
    baseDir: string,
    options: { unique?: boolean; launch?: boolean } = {},
  ): string | null {
    const text = written.trim().replace(/^["']|["']$/g, "");
    if (text === "" || text.includes("*")) return null;
    if (text.includes("$")) {
      // `${SCRIPTS_DIR}/src/train.py`, `$ROOT/configs/a.yaml`: the folder a variable names is unknown, so the rest
      // of the path must end exactly one file of the repository.
      const segments = text.split("/");
      const firstPlain = segments.findIndex((segment, i) => !segments.slice(i).some((s) => s.includes("$")));
      if (firstPlain <= 0) return null;
      const rest = segments.slice(firstPlain).filter((s) => s !== "" && s !== ".");
      if (rest.length === 0 || rest.includes("..")) return null;
      const matches = this.withSuffix(rest.join("/"));
      return matches.length === 1 ? matches[0]! : null;
    }
    if (!text.startsWith("/")) {
      for (const candidate of [normalizePath(joinPath(baseDir, text)), normalizePath(text)]) {
        if (candidate && this.byPath.has(candidate)) return candidate;
      }
    }
    // Suffix match: strip ../ and ./ and absolute prefixes, then require a unique file ending with the rest.
    const segments = text.split("/").filter((s) => s !== "" && s !== "." && s !== ".." && s !== "~");
    for (let start = 0; start < segments.length; start += 1) {
      const suffix = segments.slice(start).join("/");
      const matches = this.withSuffix(suffix);
      if (options.launch && matches.length > 0) {
        const top = baseDir.split("/")[0]!;
        const ownProject = !text.includes("/") && top !== "" && this.holdsPython(top);
        return launchMatch(
          ownProject ? matches.filter((path) => path.startsWith(`${top}/`)) : matches,
          baseDir,
        );
      }
      if (matches.length === 1) return matches[0]!;
      if (matches.length > 1) return options.unique ? null : nearest(matches, baseDir);
    }
    return null;
  }

  /** A Python module imported from `fromFile`: `pkg.mod` → pkg/mod.py or pkg/mod/__init__.py; `.x` → sibling. */
  resolveModule(module: string, fromFile: string): string | null {
    const dots = /^\.*/.exec(module)![0].length;
    const rest = module.slice(dots).replace(/\./g, "/");
    if (dots > 0) {
      let dir = folderOf(fromFile);
      for (let i = 1; i < dots; i += 1) dir = folderOf(dir);
      const base = rest === "" ? dir : joinPath(dir, rest);
      for (const candidate of [`${base}.py`, `${base}/__init__.py`]) {
        const normalized = normalizePath(candidate);
        if (normalized && this.byPath.has(normalized)) return normalized;
      }
      return null;
    }
    for (const suffix of [`${rest}.py`, `${rest}/__init__.py`]) {
      const sibling = normalizePath(joinPath(folderOf(fromFile), suffix));
      if (sibling && this.byPath.has(sibling)) return sibling;
      const matches = this.withSuffix(suffix);
      if (matches.length === 1) return matches[0]!;
      if (matches.length > 1) return nearest(matches, folderOf(fromFile));
    }
    return null;
  }

  /**
   * A top-level folder with Python code and a project's own papers (a README, a requirements file, a setup or
   * pyproject file directly in it) is a sub-project: a bare script name (`python train.py`) in one of its launch
   * files, not found beside it, is not a script of another top-level folder. A folder of launch scripts, with or
   * without a helper (`scripts/run.sh` and `scripts/plot.py` starting `src/train.py`), is no such project.
   */
  private holdsPython(top: string): boolean {
    if (!this.pythonTops) {
      const python = new Set<string>();
      const marked = new Set<string>();
      for (const [path, findings] of this.byPath) {
        const parts = path.split("/");
        if (parts.length < 2) continue;
        if (findings.kind === "python") python.add(parts[0]!);
        if (
          parts.length === 2 &&
          (findings.kind === "markdown" ||
            findings.kind === "requirements" ||
            /^(?:setup\.py|pyproject\.toml|setup\.cfg|environment\.ya?ml)$/i.test(parts[1]!))
        )
          marked.add(parts[0]!);
      }
      this.pythonTops = new Set([...python].filter((top) => marked.has(top)));
    }
    return this.pythonTops.has(top);
  }

  private withSuffix(suffix: string): string[] {
    const base = suffix.slice(suffix.lastIndexOf("/") + 1);
    return (this.byBaseName.get(base) ?? []).filter((path) => path === suffix || path.endsWith(`/${suffix}`));
  }
}

/** Among several candidates, the one sharing the longest folder prefix with `baseDir`, then the shortest. */
function nearest(paths: string[], baseDir: string): string {
  return [...paths].sort(
    (x, y) =>
      sharedFolders(y, baseDir) - sharedFolders(x, baseDir) || x.length - y.length || (x < y ? -1 : 1),
  )[0]!;
}

/** How many leading folders `path` shares with `baseDir`. */
function sharedFolders(path: string, baseDir: string): number {
  const a = folderOf(path).split("/");
  const b = baseDir.split("/");
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n] && a[n] !== "") n += 1;
  return n;
}

/**
 * The script a launch command starts, among the files its written path could name: the nearest, but two files
 * equally near (the same shared folders and the same depth: `e3/run.py` and `e7/run.py` for a root note's `run.py`)
 * leave it unknown rather than a pick by the names' order.
 */
function launchMatch(candidates: string[], baseDir: string): string | null {
  if (candidates.length <= 1) return candidates[0] ?? null;
  const nearness = (path: string) => [sharedFolders(path, baseDir), -path.split("/").length] as const;
  const sorted = [...candidates].sort((x, y) => {
    const [a, b] = [nearness(x), nearness(y)];
    return b[0] - a[0] || b[1] - a[1];
  });
  const [first, second] = [nearness(sorted[0]!), nearness(sorted[1]!)];
  return first[0] === second[0] && first[1] === second[1] ? null : sorted[0]!;
}

export function folderOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

export function joinPath(dir: string, path: string): string {
  if (path.startsWith("/")) return path;
  return dir === "" ? path : `${dir}/${path}`;
}

/** Resolves `.` and `..`; null when the path climbs out of the repository (the tree's own rule). */
export const normalizePath = normaliseTreePath;
