/**
 * The Python parser: web-tree-sitter with tree-sitter-python's wasm grammar, loaded once per process (per worker
 * thread) and shared. Parsing has a time budget: a pathological file is cancelled and reported, never waited on.
 */
import { createRequire } from "node:module";
import { Language, Parser, Query, type Tree } from "web-tree-sitter";
import { PYTHON_CONSTANTS_QUERY, PYTHON_QUERY } from "./query.js";

export interface PythonParser {
  /** Parses `source`; null when the time budget ran out (the parser is reset for the next file). */
  parse(source: string, timeoutMs: number): Tree | null;
  readonly query: Query;
  /** Module-level assignments only (see query.ts). */
  readonly constantsQuery: Query;
}

let loading: Promise<PythonParser> | null = null;

/** Loads the grammar on first use; later calls return the same parser. */
export function loadPythonParser(): Promise<PythonParser> {
  loading ??= createPythonParser();
  return loading;
}

async function createPythonParser(): Promise<PythonParser> {
  const require = createRequire(import.meta.url);
  await Parser.init();
  const language = await Language.load(require.resolve("tree-sitter-python/tree-sitter-python.wasm"));
  const parser = new Parser();
  parser.setLanguage(language);
  const query = new Query(language, PYTHON_QUERY);
  const constantsQuery = new Query(language, PYTHON_CONSTANTS_QUERY);
  return {
    query,
    constantsQuery,
    parse(source: string, timeoutMs: number): Tree | null {
      const deadline = performance.now() + timeoutMs;
      // Returning true from the progress callback cancels the parse (web-tree-sitter ParseOptions).
      const progressCallback = (() => performance.now() > deadline) as unknown as () => void;
      const tree = parser.parse(source, null, { progressCallback });
      if (!tree) parser.reset();
      return tree;
    },
  };
}
