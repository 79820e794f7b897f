/**
 * Where the app's temporary folders live: one work root (ML_FOOTPRINT_TMPDIR, by default
 * `<OS temp dir>/ml-footprint-work`), and in it one folder per server process, `run-<pid>-<random>`, that
 * holds that process's job folders (repository checkouts, submission papers).
 *
 * A process killed mid-analysis cannot remove its folders; the next one does, at start: it removes the
 * `run-*` folders of processes that are no longer running, and nothing else. Folders of live processes (a
 * second server, a CLI `sync` on the same host) are left alone; entries of any other name are never touched,
 * so even a root pointed at a shared folder loses nothing that is not ours.
 */
import { lstat, mkdir, mkdtemp, readdir, realpath, rm } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { InputError } from "../domain/errors.js";

export const DEFAULT_WORK_ROOT = path.join(tmpdir(), "ml-footprint-work");

/** `run-<pid>-<6 characters of mkdtemp>`: the only names start-up ever removes. */
const RUN_FOLDER = /^run-(\d+)-[A-Za-z0-9]{6}$/;

/** Folders this process created, so two runtimes in one process (tests, the CLI) never remove each other's. */
const claimedHere = new Set<string>();

export interface WorkDir {
  /** This process's folder: the parent of its job folders. */
  dir: string;
  /** Folders of stopped processes removed at start. */
  removed: string[];
  /** Removes this process's folder (on a clean stop). */
  release(): Promise<void>;
}

export interface ClaimOptions {
  pid?: number;
  /** Whether a process is running (`process.kill(pid, 0)` by default). */
  isAlive?: (pid: number) => boolean;
}

/** A process exists when signal 0 reaches it, or when it exists but belongs to someone else (EPERM). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}

/**
 * The work root as an absolute path; refuses `/` and the home folder (start-up removes entries in it, and
 * these must never be candidates, whatever the naming rule).
 *
 * @example
 * checkWorkRoot("/srv/ml-footprint/work") // "/srv/ml-footprint/work"
 * checkWorkRoot("/")                      // throws InputError("invalid_setting")
 */
export function checkWorkRoot(root: string, home: string = homedir()): string {
  const resolved = path.resolve(root);
  const forbidden = [path.parse(resolved).root, home ? path.resolve(home) : null];
  if (forbidden.includes(resolved))
    throw new InputError(
      "invalid_setting",
      `ML_FOOTPRINT_TMPDIR must be a folder of its own, not "${resolved}" (the file system root or the home folder).`,
    );
  return resolved;
}

/**
 * Prepares the work root: creates it (mode 0700), removes what stopped processes left in it, and creates this
 * process's folder. Refuses a root that is a symbolic link, not a folder, or someone else's (in a shared
 * temp dir, another user could otherwise point us at their files).
 *
 * @example
 * const work = await claimWorkDir(settings.tmpRoot);
 * await withCommitCheckout(octokit, commit, { limits, tmpRoot: work.dir }, use);
 * await work.release();
 */
export async function claimWorkDir(root: string, options: ClaimOptions = {}): Promise<WorkDir> {
  const resolved = checkWorkRoot(root);
  const pid = options.pid ?? process.pid;
  const isAlive = options.isAlive ?? processIsAlive;
  // An existing entry of that name is checked below, whatever it is.
  await mkdir(resolved, { recursive: true, mode: 0o700 }).catch((error: { code?: string }) => {
    if (error.code !== "EEXIST") throw error;
  });
  const info = await lstat(resolved);
  if (info.isSymbolicLink() || !info.isDirectory())
    throw new InputError(
      "invalid_setting",
      `The work folder ${resolved} must be a folder, not a link or a file.`,
    );
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid)
    throw new InputError(
      "invalid_setting",
      `The work folder ${resolved} belongs to another user (uid ${info.uid}); set ML_FOOTPRINT_TMPDIR to a folder of this user.`,
    );
  const real = await realpath(resolved);

  const removed: string[] = [];
  for (const name of await readdir(real)) {
    const match = RUN_FOLDER.exec(name);
    if (!match) continue;
    const full = path.join(real, name);
    const owner = Number(match[1]);
    // Our own pid on a folder we did not create: a previous incarnation with the same pid (containers).
    const stale = owner === pid ? !claimedHere.has(full) : !isAlive(owner);
    if (!stale) continue;
    await rm(full, { recursive: true, force: true, maxRetries: 2 });
    removed.push(full);
  }

  const dir = await mkdtemp(path.join(real, `run-${pid}-`));
  claimedHere.add(dir);
  return {
    dir,
    removed,
    async release() {
      await rm(dir, { recursive: true, force: true, maxRetries: 2 });
      claimedHere.delete(dir);
    },
  };
}
