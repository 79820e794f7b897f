/**
 * What a survey reads: the papers named on the command line (a PDF, a LaTeX main file, or a folder holding
 * them) and in a manifest, each as a job with its metadata. Paths stay inside their root: a folder is walked
 * without following symbolic links, and a manifest's paths resolve inside the manifest's folder (papers) or
 * `--repos` (repositories), refused when they lead out of it.
 */
import { closeSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { InputError } from "../domain/errors.js";
import { readManifest } from "./manifest.js";

/** One paper to survey: what a worker (a thread here, or a queue worker elsewhere) needs to read it. */
export interface SurveyJob {
  /** Manifest id, else the path relative to the PATH it was found under (the file name for a file PATH). */
  id: string;
  /** The paper file. */
  path: string;
  title: string | null;
  venue: string | null;
  year: number | null;
  /** The paper's code repository, when known. */
  repo: string | null;
  /** Of the paper's bytes, when the caller already hashed them (the worker hashes otherwise). */
  sha256?: string;
}

export interface SurveyInputOptions {
  paths: string[];
  manifest?: string;
  /** Where repositories are: manifest `repo` paths resolve here; without a manifest, `DIR/<paper folder>`. */
  repos?: string;
}

/** Folders deeper than this below a PATH are not walked (a path loop cannot exist without links, but a deep tree can). */
const MAX_DEPTH = 32;
/** A LaTeX file is a main file when `\documentclass` starts a line that is not a comment, in its first bytes. */
const DOCUMENTCLASS_WINDOW = 256 * 1024;
const DOCUMENTCLASS = /^[ \t]*\\documentclass\b/m;

const toPosix = (p: string): string => p.split(path.sep).join("/");

/** True when a `.tex` file is a main file (has `\documentclass` in its first 256 KB). */
export function isLatexMainFile(file: string): boolean {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(DOCUMENTCLASS_WINDOW);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return DOCUMENTCLASS.test(buffer.subarray(0, read).toString("latin1"));
  } finally {
    closeSync(fd);
  }
}

/** Every PDF and LaTeX main file below `root`, sorted, as paths relative to it; links and hidden entries skipped. */
export function findPapers(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (!entry.isFile())
        continue; // links, sockets, devices: never followed
      else if (/\.pdf$/i.test(entry.name)) found.push(toPosix(path.relative(root, full)));
      else if (/\.tex$/i.test(entry.name) && isLatexMainFile(full))
        found.push(toPosix(path.relative(root, full)));
    }
  };
  walk(root, 0);
  return found;
}

/** `relative` resolved inside `root`; an absolute path or one leading out of the root (also through a link) is refused. */
function resolveInside(root: string, relative: string, what: string, where: string): string {
  if (path.isAbsolute(relative) || relative.split(/[\\/]/).includes(".."))
    throw new InputError("path_outside_root", `${where}: ${what} ${relative} must be a path inside ${root}`);
  const resolved = path.join(root, relative);
  let real: string;
  try {
    real = realpathSync(resolved);
  } catch {
    return resolved; // missing: the worker reports it as this paper's failure
  }
  const realRoot = realpathSync(root);
  if (real !== realRoot && !real.startsWith(realRoot + path.sep))
    throw new InputError(
      "path_outside_root",
      `${where}: ${what} ${relative} leads out of ${root} (a symbolic link)`,
    );
  return resolved;
}

/** The repository of a paper found in a folder: `REPOS/<first folder of its id>` or `REPOS/<file name sans extension>`. */
function pairedRepository(repos: string, id: string): string | null {
  const segments = id.split("/");
  const candidates = [
    ...(segments.length > 1 ? [segments[0] as string] : []),
    path.basename(id).replace(/\.[^.]+$/, ""),
  ];
  for (const name of candidates) {
    const dir = path.join(repos, name);
    try {
      if (lstatSync(dir).isDirectory()) return dir;
    } catch {
      // not there: try the next name
    }
  }
  return null;
}

/**
 * The survey's jobs, in a stable order (manifest first, then each PATH); a paper named twice is read once.
 *
 * @example
 *   collectSurveyJobs({ paths: ["proceedings/"] }); // [{ id: "a/paper.pdf", path: "proceedings/a/paper.pdf", ... }]
 */
export function collectSurveyJobs(options: SurveyInputOptions): SurveyJob[] {
  const jobs: SurveyJob[] = [];
  const seen = new Set<string>();
  const add = (job: SurveyJob): void => {
    const key = path.resolve(job.path);
    if (seen.has(key)) return;
    seen.add(key);
    jobs.push(job);
  };
  if (options.manifest) {
    const root = path.dirname(options.manifest);
    const repoRoot = options.repos ?? root;
    for (const entry of readManifest(options.manifest)) {
      const where = `${options.manifest}:${entry.line}`;
      add({
        id: entry.id ?? entry.paper,
        path: resolveInside(root, entry.paper, "paper", where),
        title: entry.title,
        venue: entry.venue,
        year: entry.year,
        repo: entry.repo === null ? null : resolveInside(repoRoot, entry.repo, "repo", where),
      });
    }
  }
  for (const given of options.paths) {
    let stats;
    try {
      stats = lstatSync(given);
    } catch {
      throw new InputError("not_found", `${given}: no such file or folder`, given);
    }
    if (stats.isSymbolicLink())
      throw new InputError("symlink", `${given}: a symbolic link; links are never followed`, given);
    const metadata = { title: null, venue: null, year: null };
    if (stats.isDirectory()) {
      for (const relative of findPapers(given))
        add({
          id: relative,
          path: path.join(given, relative),
          ...metadata,
          repo: options.repos ? pairedRepository(options.repos, relative) : null,
        });
    } else if (stats.isFile()) {
      const id = path.basename(given);
      add({ id, path: given, ...metadata, repo: options.repos ? pairedRepository(options.repos, id) : null });
    } else throw new InputError("not_a_file", `${given}: not a file or folder`, given);
  }
  if (options.repos && !statSync(options.repos, { throwIfNoEntry: false })?.isDirectory())
    throw new InputError("not_found", `${options.repos}: no such folder (--repos)`, options.repos);
  return jobs;
}
