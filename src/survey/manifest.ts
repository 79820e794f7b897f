/**
 * A survey's manifest: which papers, with their metadata (id, title, venue, year, paper path, repository path).
 * CSV with a header row (RFC 4180 quoting: commas, quotes and line breaks inside double quotes) or JSON Lines,
 * one object per line. A bad line is an error naming the file and line, never a guess.
 */
import { readFileSync, statSync } from "node:fs";
import { InputError } from "../domain/errors.js";

/** One paper of a manifest, its paths as written (relative to the manifest's folder or `--repos`). */
export interface ManifestEntry {
  /** The line the entry starts on (1-based), for errors. */
  line: number;
  id: string | null;
  title: string | null;
  venue: string | null;
  year: number | null;
  paper: string;
  repo: string | null;
}

export const MANIFEST_COLUMNS = ["id", "title", "venue", "year", "paper", "repo"] as const;
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

const invalid = (file: string, line: number, reason: string): InputError =>
  new InputError("manifest_invalid", `${file}:${line}: ${reason}`, file);

/** Splits CSV text into rows of fields, each row with the line it starts on. */
export function parseCsvRows(text: string, file: string): Array<{ line: number; fields: string[] }> {
  const rows: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let fieldStarted = false;
  const endField = (): void => {
    fields.push(field);
    field = "";
    fieldStarted = false;
  };
  const endRow = (): void => {
    endField();
    if (!(fields.length === 1 && fields[0] === "")) rows.push({ line: rowLine, fields });
    fields = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          const next = text[i + 1];
          if (next !== undefined && next !== "," && next !== "\n" && next !== "\r")
            throw invalid(file, line, 'text after a closing quote (a quote inside a field is written as "")');
        }
      } else {
        if (c === "\n") line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (fieldStarted)
        throw invalid(file, line, 'a quote inside an unquoted field (quote the whole field: "...")');
      quoted = true;
      fieldStarted = true;
    } else if (c === ",") endField();
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) throw invalid(file, rowLine, "a quoted field is never closed");
  if (field !== "" || fields.length > 0) endRow();
  return rows;
}

function optionalText(value: unknown, column: string, file: string, line: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw invalid(file, line, `${column} must be text`);
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

function parseYear(value: unknown, file: string, line: number): number | null {
  if (value === undefined || value === null || value === "") return null;
  const year = typeof value === "number" ? value : Number(String(value).trim());
  if (!Number.isInteger(year) || year < 1900 || year > 2100)
    throw invalid(file, line, `year must be a year such as 2023, not ${JSON.stringify(value)}`);
  return year;
}

function toEntry(values: Record<string, unknown>, file: string, line: number): ManifestEntry {
  const paper = optionalText(values.paper, "paper", file, line);
  if (paper === null) throw invalid(file, line, "no paper path (column paper)");
  return {
    line,
    id: optionalText(values.id, "id", file, line),
    title: optionalText(values.title, "title", file, line),
    venue: optionalText(values.venue, "venue", file, line),
    year: parseYear(values.year, file, line),
    paper,
    repo: optionalText(values.repo, "repo", file, line),
  };
}

function parseCsvManifest(text: string, file: string): ManifestEntry[] {
  const rows = parseCsvRows(text.replace(/^\uFEFF/, ""), file);
  const header = rows.shift();
  if (!header) throw invalid(file, 1, "empty manifest: no header row");
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const unknown = columns.filter((name) => !(MANIFEST_COLUMNS as readonly string[]).includes(name));
  if (unknown.length)
    throw invalid(
      file,
      header.line,
      `unknown column ${unknown.join(", ")} (columns: ${MANIFEST_COLUMNS.join(", ")})`,
    );
  if (!columns.includes("paper")) throw invalid(file, header.line, "no paper column in the header");
  return rows.map(({ line, fields }) => {
    if (fields.length !== columns.length)
      throw invalid(file, line, `${fields.length} fields where the header has ${columns.length}`);
    return toEntry(Object.fromEntries(columns.map((name, i) => [name, fields[i]])), file, line);
  });
}

function parseJsonLinesManifest(text: string, file: string): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw invalid(file, line, `not JSON (${(error as Error).message})`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw invalid(file, line, "each line must be one JSON object");
    const unknown = Object.keys(value).filter(
      (key) => !(MANIFEST_COLUMNS as readonly string[]).includes(key),
    );
    if (unknown.length)
      throw invalid(file, line, `unknown key ${unknown.join(", ")} (keys: ${MANIFEST_COLUMNS.join(", ")})`);
    entries.push(toEntry(value as Record<string, unknown>, file, line));
  });
  return entries;
}

/**
 * Parses a manifest's text: JSON Lines when the file is named `.jsonl`/`.ndjson` or starts with `{`, CSV
 * otherwise. Ids must be unique.
 *
 * @example
 *   parseManifest('id,paper,venue,year\nsmith23,papers/smith.pdf,NeurIPS,2023\n', "m.csv")[0].year; // 2023
 */
export function parseManifest(text: string, file: string): ManifestEntry[] {
  const jsonLines =
    /\.(jsonl|ndjson)$/i.test(file) || (!/\.csv$/i.test(file) && text.trimStart().startsWith("{"));
  const entries = jsonLines ? parseJsonLinesManifest(text, file) : parseCsvManifest(text, file);
  const seen = new Map<string, number>();
  for (const entry of entries) {
    const id = entry.id ?? entry.paper;
    const first = seen.get(id);
    if (first !== undefined) throw invalid(file, entry.line, `id ${id} is already used on line ${first}`);
    seen.set(id, entry.line);
  }
  return entries;
}

/** Reads and parses a manifest file. */
export function readManifest(file: string): ManifestEntry[] {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new InputError("not_found", `${file}: no such manifest`, file);
  }
  if (size > MAX_MANIFEST_BYTES)
    throw new InputError("too_large", `${file}: the manifest is over 64 MB`, file);
  return parseManifest(readFileSync(file, "utf8"), file);
}
