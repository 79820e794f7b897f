/**
 * The one door through which anything is read from an analysed tree: a repository checkout, a paper's folder, a
 * submission's temporary folder. Everything the readers open (the paper, LaTeX `\input` targets, the declaration,
 * the code reader's files, finding the paper) goes through an `AnalysedTree`, so the rules hold everywhere:
 *
 * - a path is relative to the tree's root: absolute paths and paths that climb out (`../`) are refused;
 * - no symbolic link is followed, at any level (the root itself is resolved once, when the tree is opened);
 * - only regular files are opened (`/proc` files, devices, FIFOs and sockets are refused before any read);
 * - the size is checked on the open file before reading, so a 3 GB file costs one `fstat`, not a read;
 * - after opening, the file's real path must still lie inside the root (a component swapped for a symlink
 *   between the checks and the open is caught).
 *
 * Strangers write the trees the app analyses: a paper's `\input{/proc/self/environ}` must never reach a comment.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  readdirSync,
  realpathSync,
  type Dirent,
  type Stats,
} from "node:fs";
import path from "node:path";
import { InputError } from "../domain/errors.js";

/** Why a path of a tree was not read. */
export type TreeRefusalCode =
  | "absolute_path"
  | "outside_root"
  | "symlink"
  | "special_file"
  | "not_found"
  | "is_directory"
  | "too_large"
  | "unreadable"
  | "vcs_metadata";

const REASONS: Record<TreeRefusalCode, string> = {
  absolute_path: "an absolute path; only paths inside the analysed folder are read",
  outside_root: "outside the analysed folder; not read",
  symlink: "a symbolic link; links are never followed",
  special_file: "not a regular file (device, FIFO, socket); not read",
  not_found: "no such file",
  is_directory: "a folder, not a file",
  too_large: "over the size bound; not read",
  unreadable: "could not be read",
  vcs_metadata: "inside version-control metadata (.git, .hg, .svn), which may hold credentials; not read",
};

/**
 * Version-control folders: a checkout's `.git/config` can hold a token (actions/checkout persists one), and no paper or
 * training code lives there. A segment named so is never read, whatever asks for it (an \input, a config path).
 */
const VCS_FOLDER = /^\.(?:git|hg|svn)$/i;

/**
 * Resolves `.` and `..` of a forward-slash path relative to a tree's root; null when it climbs out. The one
 * definition of "inside the tree" that the readers (LaTeX includes, code paths) share with `AnalysedTree`.
 */
export function normaliseTreePath(written: string): string | null {
  const out: string[] = [];
  for (const segment of written.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(segment);
  }
  return out.join("/");
}

/** A refusal names the path as it was written and the reason; it is an InputError, so front doors print it. */
export class TreeRefusal extends InputError {
  constructor(
    readonly refusal: TreeRefusalCode,
    readonly relativePath: string,
    detail?: string,
  ) {
    super(refusal, `${relativePath}: ${detail ?? REASONS[refusal]}`, relativePath);
    this.name = "TreeRefusal";
  }
}

export function isTreeRefusal(error: unknown): error is TreeRefusal {
  return error instanceof TreeRefusal;
}

/** What `entry` says about a path without following it. */
export type TreeEntryKind = "file" | "directory" | "symlink" | "special";

export interface TreeEntry {
  name: string;
  kind: TreeEntryKind;
}

function kindOf(entry: Dirent | Stats): TreeEntryKind {
  if (entry.isSymbolicLink()) return "symlink";
  if (entry.isDirectory()) return "directory";
  if (entry.isFile()) return "file";
  return "special";
}

// O_NOFOLLOW refuses a symlink as the last component; O_NONBLOCK makes opening a FIFO return at once (it is then
// refused by fstat) instead of waiting for a writer forever.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Whether `/proc/self/fd` tells an open file's real path (Linux); checked once. */
let procFdWorks: boolean | null = null;

/**
 * A folder whose files may be read under the rules above.
 *
 * @example
 *   const tree = AnalysedTree.open("checkout/");
 *   const text = tree.readText("paper/main.tex", { maxBytes: 8 << 20 });
 *   tree.readText("/etc/passwd"); // throws TreeRefusal "absolute_path"
 */
export class AnalysedTree {
  private constructor(
    /** The root's real path (symlinks in the root's own path resolved once, at open). */
    readonly root: string,
    /** The root as it was given (absolute), for paths written against it. */
    private readonly given: string,
  ) {}

  /** Opens `dir` as a tree. @throws InputError `not_found` when it is not a readable folder. */
  static open(dir: string): AnalysedTree {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      throw new InputError("not_found", `${dir}: no such folder`, dir);
    }
    if (!lstatSync(real).isDirectory()) throw new InputError("not_a_folder", `${dir}: not a folder`, dir);
    return new AnalysedTree(real, path.resolve(dir));
  }

  /**
   * A path of the tree in canonical form (forward slashes, no `.` or `..`, no leading `/`), or a refusal.
   * `from` is the folder (relative to the root) that a relative reference is written in.
   */
  normalise(written: string, from = ""): string {
    if (written.includes("\0")) throw new TreeRefusal("unreadable", written.replace(/\0/g, "\\0"));
    const slashed = written.replace(/\\/g, "/");
    if (slashed.startsWith("/") || /^[A-Za-z]:\//.test(slashed) || slashed.startsWith("~"))
      throw new TreeRefusal("absolute_path", written);
    const normalised = normaliseTreePath(from ? `${from}/${slashed}` : slashed);
    if (normalised === null) throw new TreeRefusal("outside_root", written);
    if (normalised.split("/").some((segment) => VCS_FOLDER.test(segment)))
      throw new TreeRefusal("vcs_metadata", written);
    return normalised;
  }

  /** The absolute path of a canonical tree path (for messages and for tools that need a path). */
  absolute(relative: string): string {
    return relative === "" ? this.root : path.join(this.root, relative);
  }

  /** A tree path of an absolute path inside the root, or null when it lies outside. */
  relativeOf(absolutePath: string): string | null {
    const resolved = path.resolve(absolutePath);
    for (const base of [this.root, this.given]) {
      const relative = path.relative(base, resolved);
      if (relative === "") return "";
      if (!relative.startsWith("..") && !path.isAbsolute(relative)) return relative.split(path.sep).join("/");
    }
    return null;
  }

  /** What a path is, without following it; null when it does not exist. Every folder on the way is checked. */
  entry(relative: string): TreeEntryKind | null {
    const canonical = this.normalise(relative);
    try {
      this.checkFolders(canonical);
      return kindOf(lstatSync(this.absolute(canonical)));
    } catch (error) {
      if (error instanceof TreeRefusal && error.refusal !== "not_found") throw error;
      return null;
    }
  }

  /** Lists a folder of the tree: names and kinds, symlinks reported as such and never followed. */
  list(relativeDir: string): TreeEntry[] {
    const canonical = this.normalise(relativeDir);
    this.checkFolders(canonical, true);
    let listing: Dirent[];
    try {
      listing = readdirSync(this.absolute(canonical), { withFileTypes: true });
    } catch {
      throw new TreeRefusal("unreadable", canonical || ".", "folder could not be listed");
    }
    return listing.map((entry) => ({ name: entry.name, kind: kindOf(entry) }));
  }

  /** Size in bytes of a regular file (checked like a read, without reading). */
  size(relative: string): number {
    const canonical = this.normalise(relative);
    const fd = this.openFile(canonical);
    try {
      return fstatSync(fd).size;
    } finally {
      closeSync(fd);
    }
  }

  /**
   * The bytes of a regular file of at most `maxBytes` (refused by its size before any read), or of its first
   * `headBytes` when given (a head is never refused for size).
   */
  readBytes(relative: string, options: { maxBytes: number; headBytes?: number }): Buffer {
    const canonical = this.normalise(relative);
    const fd = this.openFile(canonical);
    try {
      const size = fstatSync(fd).size;
      const wanted = options.headBytes !== undefined ? Math.min(size, options.headBytes) : size;
      if (options.headBytes === undefined && size > options.maxBytes)
        throw new TreeRefusal(
          "too_large",
          canonical,
          `${formatBytes(size)} is over the ${formatBytes(options.maxBytes)} bound; not read`,
        );
      // A file that grows between fstat and read is cut at what fstat said (and at the bound).
      const buffer = Buffer.alloc(Math.min(wanted, options.maxBytes));
      let offset = 0;
      while (offset < buffer.length) {
        const read = readSync(fd, buffer, offset, buffer.length - offset, offset);
        if (read === 0) break;
        offset += read;
      }
      return buffer.subarray(0, offset);
    } finally {
      closeSync(fd);
    }
  }

  /** A regular file as text (UTF-8, byte-order mark dropped). */
  readText(relative: string, options: { maxBytes: number }): string {
    const text = this.readBytes(relative, options).toString("utf8");
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  /** Every folder between the root and `canonical` must be a real folder, not a link. */
  private checkFolders(canonical: string, includeLast = false): void {
    const segments = canonical === "" ? [] : canonical.split("/");
    const folders = includeLast ? segments.length : segments.length - 1;
    let current = this.root;
    for (let i = 0; i < folders; i += 1) {
      current = path.join(current, segments[i] as string);
      let info: Stats;
      try {
        info = lstatSync(current);
      } catch {
        throw new TreeRefusal("not_found", canonical);
      }
      if (info.isSymbolicLink()) throw new TreeRefusal("symlink", canonical);
      if (!info.isDirectory()) throw new TreeRefusal("not_found", canonical);
    }
  }

  private openFile(canonical: string): number {
    if (canonical === "") throw new TreeRefusal("is_directory", ".");
    this.checkFolders(canonical);
    const absolute = this.absolute(canonical);
    let fd: number;
    try {
      fd = openSync(absolute, OPEN_FLAGS);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") throw new TreeRefusal("not_found", canonical);
      if (code === "ELOOP" || code === "EMLINK") throw new TreeRefusal("symlink", canonical);
      if (code === "EISDIR") throw new TreeRefusal("is_directory", canonical);
      throw new TreeRefusal("unreadable", canonical, `could not be read (${code ?? "error"})`);
    }
    try {
      const info = fstatSync(fd);
      if (info.isDirectory()) throw new TreeRefusal("is_directory", canonical);
      if (!info.isFile()) throw new TreeRefusal("special_file", canonical);
      if (!this.openedInside(fd)) throw new TreeRefusal("outside_root", canonical);
      return fd;
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Where the OS can tell (Linux), the opened file's real path must lie inside the root. */
  private openedInside(fd: number): boolean {
    if (procFdWorks === false) return true;
    let real: string;
    try {
      real = realpathSync(`/proc/self/fd/${fd}`);
      procFdWorks = true;
    } catch {
      procFdWorks = false;
      return true;
    }
    return (
      real === this.root || real.startsWith(this.root.endsWith(path.sep) ? this.root : this.root + path.sep)
    );
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1048576).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/**
 * The tree a file given on a command line belongs to: `within` when the file lies inside it (the repository of
 * `check DIR --paper DIR/paper.pdf`), else the file's own folder. The file itself is then read under the tree's
 * rules: a symlink given as the paper is refused like any other.
 */
export function treeOfFile(file: string, within?: AnalysedTree): { tree: AnalysedTree; relative: string } {
  const absolute = path.resolve(file);
  if (within) {
    const relative = within.relativeOf(absolute);
    if (relative !== null && relative !== "") return { tree: within, relative };
  }
  const tree = AnalysedTree.open(path.dirname(absolute));
  return { tree, relative: path.basename(absolute) };
}
