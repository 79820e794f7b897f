/**
 * TOML configs (and pyproject.toml dependencies for framework detection). smol-toml validates the file and
 * gives values; a line scan gives each key's line, since the parser does not keep positions.
 */
import { parse } from "smol-toml";
import { splitLines } from "../evidence.js";
import { emptyFindings } from "../findings.js";
import type { FileFindings } from "../types.js";
import { factsFromLeaves, type ConfigLeaf } from "./leaves.js";
import { CONFIG_PREFILTER } from "./prefilter.js";

const TABLE_HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/;
const KEY_VALUE = /^\s*("[^"]+"|'[^']+'|[\w.-]+)\s*=\s*(.+?)\s*(?:#[^"']*)?$/;

export function analyzeToml(path: string, content: string): FileFindings {
  const findings = emptyFindings(path, "toml");
  let parsed: Record<string, unknown>;
  try {
    parsed = parse(content) as Record<string, unknown>;
  } catch (error) {
    findings.warnings.push({
      code: "config_unreadable",
      message: `TOML does not parse: ${(error as Error).message.split("\n")[0]}`,
      file: path,
    });
    return findings;
  }
  findings.packages = dependencyNames(parsed);
  findings.consoleScripts = consoleScripts(parsed);
  if (!CONFIG_PREFILTER.test(content)) return findings;
  const lines = splitLines(content);
  findings.facts = factsFromLeaves(scanLeaves(lines), { file: path, lines, format: "toml" });
  return findings;
}

/** `key = value` lines under their `[table]` headers. Multi-line values are read from their first line only. */
function scanLeaves(lines: string[]): ConfigLeaf[] {
  const leaves: ConfigLeaf[] = [];
  let table: string[] = [];
  lines.forEach((line, index) => {
    const header = TABLE_HEADER.exec(line);
    if (header) {
      table = header[1]!.split(".").map((k) => k.trim().replace(/^["']|["']$/g, ""));
      return;
    }
    const pair = KEY_VALUE.exec(line);
    if (!pair) return;
    const keys = pair[1]!.replace(/^["']|["']$/g, "").split(".");
    leaves.push({ path: [...table, ...keys], raw: pair[2]!, line: index + 1 });
  });
  return leaves;
}

/** PEP 621 `[project].dependencies` and Poetry `[tool.poetry.dependencies]` package names. */
function dependencyNames(parsed: Record<string, unknown>): string[] {
  const names: string[] = [];
  const project = parsed.project as { dependencies?: unknown } | undefined;
  if (Array.isArray(project?.dependencies)) {
    for (const spec of project.dependencies) if (typeof spec === "string") names.push(packageOfSpec(spec));
  }
  const poetry = (parsed.tool as { poetry?: { dependencies?: unknown } } | undefined)?.poetry?.dependencies;
  if (poetry && typeof poetry === "object") names.push(...Object.keys(poetry));
  return names.filter((n) => n !== "");
}

/** `[project.scripts]` and `[tool.poetry.scripts]`: `name = "pkg.module:function"`. */
function consoleScripts(parsed: Record<string, unknown>): { name: string; module: string }[] {
  const tables = [
    (parsed.project as { scripts?: unknown } | undefined)?.scripts,
    (parsed.tool as { poetry?: { scripts?: unknown } } | undefined)?.poetry?.scripts,
  ];
  const scripts: { name: string; module: string }[] = [];
  for (const table of tables) {
    if (!table || typeof table !== "object") continue;
    for (const [name, target] of Object.entries(table)) {
      const module = typeof target === "string" ? /^\s*([\w.]+)\s*:/.exec(target)?.[1] : undefined;
      if (module) scripts.push({ name, module });
    }
  }
  return scripts;
}

/** `torch>=2.0; python_version>"3.8"` → `torch`. */
export function packageOfSpec(spec: string): string {
  return (/^\s*([A-Za-z0-9][\w.-]*)/.exec(spec)?.[1] ?? "").toLowerCase();
}
