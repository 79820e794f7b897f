/**
 * The Python parser: web-tree-sitter with tree-sitter-python's wasm grammar, loaded once per process (per worker
 * thread) and shared. Parsing has a work budget: a pathological file is cancelled and reported, never waited on.
 *
 * The budget counts the parser's own work, not the clock: tree-sitter calls the progress callback after a fixed
 * number of parse operations, so the number of calls measures work done whatever else the machine is running.
 * A wall-clock bound would skip files when the CPU is shared and make results depend on load. A much larger
 * wall-clock backstop still stops a parse that is somehow slow per operation.
 */
import { createRequire } from "node:module";
import { Language, Parser, Query, type Tree } from "web-tree-sitter";
import { PYTHON_CONSTANTS_QUERY, PYTHON_QUERY } from "./query.js";

/**
 * Progress callbacks per millisecond of an unloaded core (measured: 40–90 on typical and generated files), so
 * that `timeoutMs` keeps its meaning: the work one core does in that time.
 */
export const PROGRESS_CALLS_PER_MS = 50;
/** The wall-clock backstop, as a multiple of the budget's nominal time. */
const WALL_BACKSTOP_FACTOR = 20;

export interface ParseBudgetOptions {
  /** Clock for the backstop (tests pass a fake one); defaults to performance.now. */
  now?: () => number;
}

export interface PythonParser {
  /**
   * Parses `source`; null when the work budget (`timeoutMs` of one core's parsing work) ran out (the parser is
   * reset for the next file).
   */
  parse(source: string, timeoutMs: number, options?: ParseBudgetOptions): Tree | null;
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
    parse(source: string, timeoutMs: number, options: ParseBudgetOptions = {}): Tree | null {
      const now = options.now ?? (() => performance.now());
      const budget = Math.max(0, timeoutMs) * PROGRESS_CALLS_PER_MS;
      const deadline = now() + Math.max(0, timeoutMs) * WALL_BACKSTOP_FACTOR;
      let calls = 0;
      // Returning true from the progress callback cancels the parse (web-tree-sitter ParseOptions).
      const progressCallback = (() => {
        calls += 1;
        return calls > budget || ((calls & 63) === 0 && now() > deadline);
      }) as unknown as () => void;
      const tree = parser.parse(source, null, { progressCallback });
      if (!tree) parser.reset();
      return tree;
    },
  };
}
