/**
 * Dispatch: one collected file → its analyzer. Every analyzer is a function of (path, content) plus the loaded
 * Python parser, with no I/O, so this can run in a worker thread. An analyzer that throws on hostile input is
 * contained here: the file gets a warning and no facts.
 */
import { codeCarbonFacts, codeCarbonJsonRuns, analyzeCodeCarbonCsv } from "./measured/codecarbon.js";
import { carbontrackerFacts, impactTrackerFacts } from "./measured/trackers.js";
import { analyzeArgumentFile, analyzeIni, looksLikeArgumentFile } from "./config/ini.js";
import { analyzeToml, packageOfSpec } from "./config/toml.js";
import { analyzeYamlOrJson } from "./config/yaml.js";
import { isArgumentFileByName } from "./classify.js";
import { lineIndex } from "./evidence.js";
import { emptyFindings } from "./findings.js";
import { KEEPS_UNKNOWN_FLAGS, parserIncomplete } from "./launch/stale.js";
import { NO_ABBREVIATIONS } from "./launch/flags.js";
import { readReferences } from "./config/written.js";
import { projectCommandInvocations } from "./launch/project.js";
import { analyzeMakefile, analyzeShellScript } from "./launch/shell.js";
import { analyzeOtherLanguage } from "./languages.js";
import { analyzeMarkdown } from "./markdown.js";
import { analyzeNotebook } from "./notebook.js";
import { analyzePython } from "./python/analyze.js";
import type { PythonParser } from "./python/parser.js";
import type { FileFindings, FileKind, RepoFile } from "./types.js";

export interface AnalyzerTools {
  python: PythonParser;
  /** Time budget for one Python parse. */
  parseTimeoutMs: number;
}

export function analyzeFile(file: RepoFile & { kind: FileKind }, tools: AnalyzerTools): FileFindings {
  try {
    return analyzeByKind(file, tools);
  } catch (error) {
    const findings = emptyFindings(file.path, file.kind);
    findings.warnings.push({
      code: "analysis_failed",
      message: `could not be analysed: ${(error as Error).message}`,
      file: file.path,
    });
    return findings;
  }
}

function analyzeByKind(file: RepoFile & { kind: FileKind }, tools: AnalyzerTools): FileFindings {
  const { path, content } = file;
  switch (file.kind) {
    case "python": {
      const findings = analyzePython(path, content, tools.python, { parseTimeoutMs: tools.parseTimeoutMs });
      findings.configReferences.push(...argumentFileReferences(content, findings));
      findings.configReferences = readReferences(findings.configReferences, content);
      findings.keysRead = readKeys(content);
      if (KEEPS_UNKNOWN_FLAGS.test(content) || parserIncomplete(content)) findings.keepsUnknownFlags = true;
      if (NO_ABBREVIATIONS.test(content)) findings.noAbbreviations = true;
      if (/(?:^|\/)setup\.py$/.test(path)) {
        findings.packages = setupPyPackages(content);
        findings.consoleScripts = [
          ...content.matchAll(/["']\s*([\w.-]+)\s*=\s*([\w.]+)\s*:\s*\w+\s*["']/g),
        ].map((m) => ({ name: m[1]!, module: m[2]! }));
      }
      return findings;
    }
    case "notebook": {
      const findings = analyzeNotebook(path, content, tools.python, tools.parseTimeoutMs);
      findings.keysRead = readKeys(content);
      return findings;
    }
    case "yaml": {
      const findings = analyzeYamlOrJson(path, content, "yaml");
      if (/(?:^|\/)environment[\w.-]*\.ya?ml$/.test(path)) findings.packages = condaPackages(content);
      findings.invocations.push(...projectCommandInvocations(path, content));
      return findings;
    }
    case "json": {
      const runs = content.includes('"energy_consumed"') ? codeCarbonJsonRuns(content) : null;
      if (runs) {
        const findings = emptyFindings(path, "json");
        findings.facts = codeCarbonFacts(path, runs, "json");
        findings.measurementRuns = runs.map((r) => r.values.run_id ?? "").filter((id) => id !== "");
        return findings;
      }
      return analyzeYamlOrJson(path, content, "json");
    }
    case "toml":
      return analyzeToml(path, content);
    case "ini":
      // `[data]\n--bsize 128`: an argparse argument file that only looks like INI.
      if (looksLikeArgumentFile(content)) return analyzeArgumentFile(path, content);
      if (path.toLowerCase().endsWith(".conf")) return analyzeConf(path, content);
      return analyzeIni(path, content);
    case "argfile":
      // Files kept for their folder (`configs/run.txt`) are argument files only when their lines are flags.
      return isArgumentFileByName(path) || looksLikeArgumentFile(content)
        ? analyzeArgumentFile(path, content)
        : emptyFindings(path, "argfile");
    case "shell":
      return analyzeShellScript(path, content);
    case "makefile":
      return analyzeMakefile(path, content);
    case "markdown":
      return analyzeMarkdown(path, content);
    case "requirements": {
      const findings = emptyFindings(path, "requirements");
      findings.packages = content
        .split(/\r?\n/)
        .filter((line) => !/^\s*(?:#|-)/.test(line))
        .map(packageOfSpec)
        .filter((name) => name !== "");
      return findings;
    }
    case "codecarbon_csv":
      return analyzeCodeCarbonCsv(path, content);
    case "other_language":
      return analyzeOtherLanguage(path, content);
    case "log": {
      const findings = emptyFindings(path, "log");
      findings.facts = [...carbontrackerFacts(path, content), ...impactTrackerFacts(path, content)];
      return findings;
    }
  }
}

/** Parameters whose value names a file of arguments or settings (`--cfile`, `--config`, `--args_file`). */
const FILE_PARAMETER =
  /(?:^|_)(?:c?file|config|cfg|conf|args?|arguments|flags|options|params|settings)(?:_|$)/i;
const AT_LITERAL = /["']@([^"'\s@]+)["']/g;

/**
 * Argument files a script reads through argparse's `fromfile_prefix_chars`: `parse_args(['@configs/x.ini'])`
 * literals, and the string default of a file-naming option (`--cfile` default `./configs/ae.ini`) that is read
 * as `'@' + args.cfile`. Any extension counts here (`@args.txt`); config-looking paths are found anyway.
 */
function argumentFileReferences(content: string, findings: FileFindings): { path: string; line: number }[] {
  if (!content.includes("fromfile_prefix_chars")) return [];
  const references: { path: string; line: number }[] = [];
  const lineOf = lineIndex(content);
  for (const match of content.matchAll(AT_LITERAL)) {
    references.push({ path: match[1]!, line: lineOf(match.index ?? 0) });
  }
  for (const parameter of findings.parameters) {
    if (typeof parameter.defaultValue !== "string" || !FILE_PARAMETER.test(parameter.dest)) continue;
    if (/[\w-]\.\w+$|\//.test(parameter.defaultValue)) {
      references.push({ path: parameter.defaultValue, line: parameter.line });
    }
  }
  return references;
}

const ATTRIBUTE_READ = /\.([A-Za-z_]\w*)\b(?!\s*\()/g;
const STRING_KEY_READ =
  /\[\s*\\?["']([A-Za-z_][\w.-]*)\\?["']\s*\]|\.get\(\s*\\?["']([A-Za-z_][\w.-]*)\\?["']|getattr\([^,()]+,\s*\\?["'](\w+)\\?["']/g;
const MAX_KEYS = 5000;

/** Attribute names and string keys the source reads (notebook JSON included: its quotes are escaped). */
function readKeys(content: string): { attributes: string[]; strings: string[] } {
  const attributes = new Set<string>();
  const strings = new Set<string>();
  for (const match of content.matchAll(ATTRIBUTE_READ)) {
    if (attributes.size >= MAX_KEYS) break;
    attributes.add(match[1]!);
  }
  for (const match of content.matchAll(STRING_KEY_READ)) {
    if (strings.size >= MAX_KEYS) break;
    strings.add((match[1] ?? match[2] ?? match[3])!);
  }
  return { attributes: [...attributes], strings: [...strings] };
}

function setupPyPackages(content: string): string[] {
  return [...content.matchAll(/["']([A-Za-z][\w.-]*)\s*(?:[<>=!~[;][^"']*)?["']/g)].map((m) =>
    m[1]!.toLowerCase(),
  );
}

function condaPackages(content: string): string[] {
  return [...content.matchAll(/^\s*-\s*([A-Za-z][\w.-]*)/gm)].map((m) => m[1]!.toLowerCase());
}

/**
 * A `.conf` file is read as YAML or INI when it is written as one; HOCON or a server's blocks (`best {`, a lone `}`:
 * many experiments in one file) and anything else are not read, since neither reader can tell its parts apart.
 * Line by line: a file of a megabyte is read in linear time.
 */
function analyzeConf(path: string, content: string): FileFindings {
  const lines = content.split(/\r?\n/).filter((l) => l.trim() !== "" && !/^[ \t]*[#;]/.test(l));
  if (lines.some((l) => /\{[ \t]*$/.test(l) || /^[ \t]*\}[ \t]*$/.test(l))) return emptyFindings(path, "ini");
  if (looksLikeYaml(lines)) return analyzeYamlOrJson(path, content, "yaml");
  if (lines.some((l) => /^[ \t]*\[[^\]]+\][ \t]*$/.test(l))) return analyzeIni(path, content);
  return emptyFindings(path, "ini");
}

/**
 * YAML: every line at the top level is a key (`num_epochs: 500`, `"name": x`, a merge key `<<:`), a list item or a
 * document marker (`---`, `...`), and one at least is a key; indented lines are values of any form.
 */
function looksLikeYaml(lines: readonly string[]): boolean {
  const top = lines.filter((l) => !/^[ \t]/.test(l));
  const key = /^(?:[\w.-]+|"[^"]+"|'[^']+')[ \t]*:(?:[ \t]|$)/;
  return (
    top.some((l) => key.test(l)) &&
    top.every((l) => key.test(l) || /^(?:-(?:[ \t]|$)|---|\.\.\.|<<:)/.test(l))
  );
}
