/**
 * Finds the paper inside a repository when none is given: a LaTeX main file (has \documentclass and
 * \begin{document}, is not a \subfile or a beamer talk) or a PDF that is not a figure. LaTeX wins over a PDF
 * of the same paper, because its evidence points at lines authors can edit. Bounded: a walk never leaves the
 * tree, never follows symlinks, and stops after a fixed number of entries.
 */
import path from "node:path";
import { AnalysedTree, type TreeEntry } from "../io/analysed-tree.js";

const SKIP_DIRS = new Set([
  ".git",
  "node_modules",
  ".venv",
  "venv",
  "env",
  "__pycache__",
  "site-packages",
  ".tox",
  "dist",
  "build",
  "wandb",
  "outputs",
  "logs",
  "checkpoints",
  "data",
  "datasets",
]);
const FIGURE_DIRS =
  /(^|\/)(fig|figs|figures|images|img|imgs|plots|assets|results|media|static|poster|slides)(\/|$)/i;
const PAPER_DIRS =
  /(^|\/)(paper|papers|tex|latex|manuscript|report|docs?|preprint|arxiv|submission|camera[-_]?ready|thesis)(\/|$)/i;
const PAPER_NAMES =
  /^(main|paper|ms|manuscript|article|preprint|report|thesis|submission|arxiv|camera[-_]?ready)\b/i;
const MAX_ENTRIES = 20_000;
const MAX_DEPTH = 6;
const HEAD_BYTES = 64 * 1024;

export interface PaperCandidate {
  file: string;
  format: "latex" | "pdf";
  score: number;
}

function readHead(tree: AnalysedTree, relative: string): string {
  return tree.readBytes(relative, { maxBytes: HEAD_BYTES, headBytes: HEAD_BYTES }).toString("utf8");
}

/** The tree of a folder; null when it is not a readable folder (then it holds no paper). */
function treeOf(dir: string | AnalysedTree): AnalysedTree | null {
  if (typeof dir !== "string") return dir;
  try {
    return AnalysedTree.open(dir);
  } catch {
    return null;
  }
}

/** A glob such as `paper/**\/*.tex` as a regular expression over forward-slash relative paths. */
export function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === "*") {
      if (glob[i + 1] === "*") {
        source += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
        i += glob[i + 2] === "/" ? 2 : 1;
      } else source += "[^/]*";
    } else if (ch === "?") source += "[^/]";
    else source += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

function scoreLatex(relative: string, head: string): number | null {
  if (!/\\documentclass/.test(head) || !/\\begin\s*\{document\}/.test(head)) return null;
  if (/\\documentclass(?:\[[^\]]*\])?\{(?:subfiles|standalone)\}/.test(head)) return null;
  let score = 10;
  if (/\\documentclass(?:\[[^\]]*\])?\{beamer/.test(head)) score -= 8;
  if (/poster|slides|rebuttal|response|supplement|cover[-_ ]?letter|template/i.test(relative)) score -= 4;
  if (PAPER_NAMES.test(path.basename(relative))) score += 3;
  if (PAPER_DIRS.test(relative)) score += 2;
  if (/\\input|\\include|\\section/.test(head)) score += 1;
  return score;
}

function scorePdf(relative: string, size: number): number | null {
  if (FIGURE_DIRS.test(path.dirname(relative))) return null;
  if (size < 30 * 1024 || size > 100 * 1024 * 1024) return null;
  let score = 5;
  if (PAPER_NAMES.test(path.basename(relative))) score += 3;
  if (PAPER_DIRS.test(relative)) score += 2;
  if (/poster|slides|presentation|supplement|rebuttal|appendix|figure|fig\d/i.test(relative)) score -= 4;
  if (size > 150 * 1024) score += 1;
  return score;
}

/** All plausible paper files of a repository, best first. */
export function findPaperCandidates(dir: string | AnalysedTree, globs: string[] = []): PaperCandidate[] {
  const tree = treeOf(dir);
  if (!tree) return [];
  const patterns = globs.map(globToRegExp);
  const candidates: PaperCandidate[] = [];
  let entries = 0;
  const walk = (relativeDir: string, depth: number): void => {
    if (depth > MAX_DEPTH || entries > MAX_ENTRIES) return;
    let listing: TreeEntry[];
    try {
      listing = tree.list(relativeDir);
    } catch {
      return;
    }
    for (const entry of listing) {
      if (++entries > MAX_ENTRIES) return;
      const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      if (entry.kind === "symlink") continue;
      if (entry.kind === "directory") {
        if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith(".")) walk(relative, depth + 1);
        continue;
      }
      if (entry.kind !== "file") continue;
      if (patterns.length && !patterns.some((p) => p.test(relative))) continue;
      const lower = entry.name.toLowerCase();
      try {
        if (lower.endsWith(".tex")) {
          const score = scoreLatex(relative, readHead(tree, relative));
          if (score !== null)
            candidates.push({ file: relative, format: "latex", score: score + (patterns.length ? 5 : 0) });
        } else if (lower.endsWith(".pdf")) {
          const score = scorePdf(relative, tree.size(relative));
          if (score !== null)
            candidates.push({ file: relative, format: "pdf", score: score + (patterns.length ? 5 : 0) });
        }
      } catch {
        // An unreadable file is not a paper; the walk goes on.
      }
    }
  };
  walk("", 0);
  return candidates.sort(
    (a, b) =>
      b.score - a.score ||
      a.file.split("/").length - b.file.split("/").length ||
      a.file.localeCompare(b.file),
  );
}

/** The repository's paper (its path on disk), or null when it holds none. */
export function findPaper(dir: string | AnalysedTree, globs: string[] = []): string | null {
  const tree = treeOf(dir);
  const best = tree ? findPaperCandidates(tree, globs)[0] : undefined;
  if (!tree || !best) return null;
  return typeof dir === "string" ? path.join(dir, best.file) : tree.absolute(best.file);
}
