/** Builds gzip-compressed tarballs the way GitHub serves `GET /repos/{owner}/{repo}/tarball/{sha}`. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Header } from "tar";

export interface TarEntry {
  path: string;
  type?: "File" | "Directory" | "SymbolicLink" | "Link" | "CharacterDevice" | "BlockDevice" | "FIFO";
  body?: string | Buffer;
  linkpath?: string;
}

/** A .tar.gz of exactly these entries (headers written by hand, so hostile entries are possible). */
export function buildTarGz(entries: readonly TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const type = entry.type ?? "File";
    const body = type === "File" ? Buffer.from(entry.body ?? "") : Buffer.alloc(0);
    const header = new Header({
      path: entry.path,
      type,
      size: body.length,
      mode: type === "Directory" ? 0o755 : 0o644,
      uid: 0,
      gid: 0,
      mtime: new Date(0),
      linkpath: entry.linkpath,
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block);
    if (body.length > 0) blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/** The entries of a folder on disk under GitHub's top-level folder `prefix/`. */
export function folderEntries(dir: string, prefix: string): TarEntry[] {
  const entries: TarEntry[] = [{ path: `${prefix}/`, type: "Directory" }];
  const walk = (relative: string): void => {
    for (const name of readdirSync(path.join(dir, relative)).sort()) {
      const rel = relative ? `${relative}/${name}` : name;
      if (statSync(path.join(dir, rel)).isDirectory()) {
        entries.push({ path: `${prefix}/${rel}/`, type: "Directory" });
        walk(rel);
      } else {
        entries.push({ path: `${prefix}/${rel}`, body: readFileSync(path.join(dir, rel)) });
      }
    }
  };
  walk("");
  return entries;
}

/** The fixture paper repository as GitHub would serve it at `sha`. */
export function paperRepoTarball(sha: string): Buffer {
  const dir = new URL("../../../fixtures/app/paper-repo", import.meta.url).pathname;
  return buildTarGz(folderEntries(dir, `neurips-demo-paper-0042-${sha.slice(0, 7)}`));
}
