/**
 * Follows `\input`, `\include`, `\subfile` and `\import` from a LaTeX main file into one source string, and keeps
 * a line map so that every line of the result can be traced back to `file:line` for evidence.
 *
 * Paths are those of the analysed tree (forward slashes, relative to its root): an include that is absolute or
 * climbs out of the tree is refused here, before anything is read, and reading itself is injected (`readSource`,
 * backed by `AnalysedTree` in production) so the flattening is pure and testable without a file system. Other
 * file references (`\bibliography`, `\lstinputlisting`, `\verbatiminput`, `\includegraphics`) are never read.
 */
import path from "node:path";
import { InputError } from "../../../domain/errors.js";
import { normaliseTreePath } from "../../../io/analysed-tree.js";
import type { Warning } from "../../../domain/facts.js";

export interface SourceLine {
  file: string;
  line: number;
}

export interface FlattenedLatex {
  source: string;
  /** origin of each line of `source` (index = 0-based line number). */
  lines: SourceLine[];
  files: string[];
  warnings: Warning[];
}

export interface FlattenLimits {
  maxFiles: number;
  maxBytes: number;
  maxDepth: number;
}

export const DEFAULT_FLATTEN_LIMITS: FlattenLimits = {
  maxFiles: 400,
  maxBytes: 8 * 1024 * 1024,
  maxDepth: 12,
};

/**
 * The text of a file of the tree (a canonical tree path), null when it does not exist, or a refusal (a symlink,
 * a special file, over the size bound) with its reason.
 */
export type ReadSource = (treePath: string) => string | null | { refused: string };

const SIMPLE_MACRO_DEFINITION =
  /\\(?:newcommand|renewcommand|providecommand)\*?\s*\{?\\([A-Za-z@]+)\}?\s*\{([^{}\\]*)\}|\\def\\([A-Za-z@]+)\s*\{([^{}\\]*)\}/g;

const INCLUDE_PATTERN =
  /\\(input|include|subfile|import|subimport|includefrom|subincludefrom)\s*(?:\{([^{}]*)\}\s*)?\{([^{}]+)\}/g;

/** Removes a LaTeX comment from one line: `%` up to the end, unless escaped as `\%`. */
export function stripLatexComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "%") {
      let backslashes = 0;
      for (let j = i - 1; j >= 0 && line[j] === "\\"; j--) backslashes++;
      if (backslashes % 2 === 0) return line.slice(0, i);
    }
  }
  return line;
}

/** Why an include path is refused before any read, or null when it is a relative path of the tree. */
function refusedInclude(name: string, dirArg: string | undefined): string | null {
  for (const written of [dirArg ?? "", name]) {
    const slashed = written.trim().replace(/\\/g, "/");
    if (slashed.startsWith("/") || /^[A-Za-z]:\//.test(slashed) || slashed.startsWith("~"))
      return "an absolute path; only files inside the analysed folder are read";
  }
  return null;
}

function candidatePaths(baseDir: string, dirArg: string | undefined, name: string): Array<string | null> {
  const dir = dirArg ? path.posix.join(baseDir, dirArg.trim()) : baseDir;
  const target = normaliseTreePath(path.posix.join(dir, name.trim()));
  if (target === null) return [null];
  return target.endsWith(".tex") ? [target] : [`${target}.tex`, target];
}

/** Folders dropped at most from a moved input's path, and the longest path tried: a hostile path costs nothing. */
const MOVED_MAX_DROPPED = 3;
const MOVED_MAX_LENGTH = 256;

/** "latex/sections/intro.tex" → ["sections/intro.tex", "intro.tex"] (at most three folders dropped; none when long). */
function withoutLeadingFolders(name: string): string[] {
  const trimmed = name.trim();
  if (trimmed.length > MOVED_MAX_LENGTH) return [];
  const parts = trimmed.split("/");
  return parts.slice(1, 1 + MOVED_MAX_DROPPED).map((_, i) => parts.slice(i + 1).join("/"));
}

/** The first path that reads as text (a refused or missing one is passed over). */
function firstReadable(
  paths: ReadonlyArray<string | null>,
  read: (file: string) => string | null | { refused: string },
): string | undefined {
  for (const candidate of paths)
    if (candidate !== null && typeof read(candidate) === "string") return candidate;
  return undefined;
}

/**
 * Flattens a LaTeX project starting at `mainFile` (a tree path). A cyclic, missing or refused include, or a limit
 * reached, becomes a warning and the rest of the document is still read.
 *
 * @example
 *   const tree = AnalysedTree.open("repo");
 *   const flat = flattenLatex("paper/main.tex", (p) => tree.readText(p, { maxBytes: 8 << 20 }));
 */
export function flattenLatex(
  mainFile: string,
  readSource: ReadSource,
  limits: FlattenLimits = DEFAULT_FLATTEN_LIMITS,
): FlattenedLatex {
  const rootDir = path.posix.dirname(mainFile) === "." ? "" : path.posix.dirname(mainFile);
  const out: string[] = [];
  const lines: SourceLine[] = [];
  const files: string[] = [];
  const warnings: Warning[] = [];
  let bytes = 0;
  // Include paths are sometimes macros (\input{\figdir/table}); simple text macros seen so far resolve them.
  const pathMacros = new Map<string, string>();

  const mainText = readSource(mainFile);
  if (mainText === null) throw new InputError("not_found", `cannot read ${mainFile}: no such file`, mainFile);
  if (typeof mainText !== "string")
    throw new InputError("refused", `cannot read ${mainFile}: ${mainText.refused}`, mainFile);
  const texts = new Map<string, string | null | { refused: string }>([[mainFile, mainText]]);
  const read = (treePath: string) => {
    if (!texts.has(treePath)) texts.set(treePath, readSource(treePath));
    return texts.get(treePath) ?? null;
  };

  const visit = (file: string, text: string, stack: string[]): void => {
    files.push(file);
    bytes += text.length;
    const relative = path.posix.relative(rootDir, file) || path.posix.basename(file);
    const rawLines = text.split(/\r?\n/);
    // An included \subfile is a complete document of its own: only its body belongs to the paper.
    let first = 0;
    let last = rawLines.length;
    if (stack.length > 1) {
      const begin = rawLines.findIndex((l) => /\\begin\{document\}/.test(stripLatexComment(l)));
      if (begin >= 0) {
        first = begin + 1;
        const end = rawLines.findIndex((l, i) => i > begin && /\\end\{document\}/.test(stripLatexComment(l)));
        if (end >= 0) last = end;
      }
    }
    for (let index = first; index < last; index++) {
      const line = stripLatexComment(rawLines[index] ?? "");
      for (const definition of line.matchAll(SIMPLE_MACRO_DEFINITION)) {
        pathMacros.set(definition[1] ?? definition[3] ?? "", definition[2] ?? definition[4] ?? "");
      }
      if (/\\end\{document\}/.test(line) && stack.length === 1) {
        out.push(line);
        lines.push({ file: relative, line: index + 1 });
        return;
      }
      let cursor = 0;
      // matchAll takes its own copy of the pattern: the recursion below must not disturb this line's scan.
      for (const match of line.matchAll(INCLUDE_PATTERN)) {
        const before = line.slice(cursor, match.index);
        if (before.trim()) {
          out.push(before);
          lines.push({ file: relative, line: index + 1 });
        }
        cursor = match.index + match[0].length;
        const [, , dirArg, rawName] = match;
        const name = (rawName ?? "").replace(/\\([A-Za-z@]+)/g, (macro, macroName: string) =>
          pathMacros.has(macroName) ? (pathMacros.get(macroName) as string) : macro,
        );
        const written = `\\${match[1]}${dirArg !== undefined ? `{${dirArg}}` : ""}{${name}}`;
        const refusal = refusedInclude(name, dirArg);
        // \import{dir}{file} resolves against its directory argument; \input resolves against the main file's
        // folder (LaTeX's working directory), then against the including file's folder.
        const bases = [rootDir, path.posix.dirname(file) === "." ? "" : path.posix.dirname(file)];
        const candidates = refusal ? [] : bases.flatMap((base) => candidatePaths(base, dirArg, name));
        const outside = candidates.length > 0 && candidates.every((candidate) => candidate === null);
        const reachable = candidates.filter((candidate): candidate is string => candidate !== null);
        const target = reachable.find((candidate) => typeof read(candidate) === "string");
        const refused =
          refusal ??
          (outside ? "outside the analysed folder; not read" : null) ??
          reachable.map((candidate) => read(candidate)).find((r) => r !== null && typeof r !== "string")
            ?.refused ??
          null;
        if (!target && refused) {
          warnings.push({
            code: "latex_input_refused",
            message: `${relative}:${index + 1}: ${written} refused: ${refused}`,
            file: relative,
          });
          continue;
        }
        // A paper folder moved within its repository keeps its old paths ("\\input{latex/sections/intro.tex}" of a
        // main file now in report/, beside sections/intro.tex): the path without its first folders, longest first.
        const found =
          target ??
          firstReadable(
            withoutLeadingFolders(name).flatMap((shorter) =>
              bases.flatMap((base) => candidatePaths(base, undefined, shorter)),
            ),
            read,
          );
        if (!found) {
          warnings.push({
            code: "latex_missing_input",
            message: `${relative}:${index + 1}: \\${match[1]}{${name}} not found; skipped`,
            file: relative,
          });
          continue;
        }
        if (!target)
          warnings.push({
            code: "latex_moved_input",
            message: `${relative}:${index + 1}: \\${match[1]}{${name}} not found; read ${path.posix.relative(rootDir, found)} instead (its folder was moved?)`,
            file: relative,
          });
        if (stack.includes(found)) {
          warnings.push({
            code: "latex_cyclic_input",
            message: `${relative}:${index + 1}: cyclic \\${match[1]}{${name}} (${[...stack, found]
              .map((f) => path.posix.relative(rootDir, f))
              .join(" -> ")}); skipped`,
            file: relative,
          });
          continue;
        }
        if (stack.length >= limits.maxDepth || files.length >= limits.maxFiles || bytes >= limits.maxBytes) {
          warnings.push({
            code: "latex_limit",
            message: `${relative}:${index + 1}: include limit reached (${limits.maxFiles} files, ${limits.maxBytes} bytes, depth ${limits.maxDepth}); \\${match[1]}{${name}} skipped`,
            file: relative,
          });
          continue;
        }
        visit(found, read(found) as string, [...stack, found]);
      }
      const rest = line.slice(cursor);
      out.push(rest);
      lines.push({ file: relative, line: index + 1 });
    }
  };

  visit(mainFile, mainText, [mainFile]);
  return { source: out.join("\n"), lines, files, warnings: capWarnings(warnings, 5) };
}

/** Keeps the first `perCode` warnings of each kind and one line counting the rest, so a report stays readable. */
export function capWarnings(warnings: Warning[], perCode: number): Warning[] {
  const seen = new Map<string, number>();
  const kept: Warning[] = [];
  for (const warning of warnings) {
    const count = (seen.get(warning.code) ?? 0) + 1;
    seen.set(warning.code, count);
    if (count <= perCode) kept.push(warning);
  }
  for (const [code, count] of seen) {
    if (count > perCode) kept.push({ code, message: `${count - perCode} more ${code} warnings not shown` });
  }
  return kept;
}
