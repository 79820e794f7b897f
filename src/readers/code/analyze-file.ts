/**
 * Dispatch: one collected file → its analyzer. Every analyzer is a function of (path, content) plus the loaded
 * Python parser, with no I/O, so this can run in a worker thread. An analyzer that throws on hostile input is
 * contained here: the file gets a warning and no facts.
 */
import { codeCarbonFacts, codeCarbonJsonRuns, analyzeCodeCarbonCsv } from "./measured/codecarbon.js";
import { carbontrackerFacts, impactTrackerFacts } from "./measured/trackers.js";
import { analyzeArgumentFile, analyzeIni } from "./config/ini.js";
import { analyzeToml, packageOfSpec } from "./config/toml.js";
import { analyzeYamlOrJson } from "./config/yaml.js";
import { emptyFindings } from "./findings.js";
import { analyzeMakefile, analyzeShellScript } from "./launch/shell.js";
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
      if (/(?:^|\/)setup\.py$/.test(path)) {
        findings.packages = setupPyPackages(content);
        findings.consoleScripts = [
          ...content.matchAll(/["']\s*([\w.-]+)\s*=\s*([\w.]+)\s*:\s*\w+\s*["']/g),
        ].map((m) => ({ name: m[1]!, module: m[2]! }));
      }
      return findings;
    }
    case "notebook":
      return analyzeNotebook(path, content, tools.python, tools.parseTimeoutMs);
    case "yaml": {
      const findings = analyzeYamlOrJson(path, content, "yaml");
      if (/(?:^|\/)environment[\w.-]*\.ya?ml$/.test(path)) findings.packages = condaPackages(content);
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
      return analyzeIni(path, content);
    case "argfile":
      return analyzeArgumentFile(path, content);
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
    case "log": {
      const findings = emptyFindings(path, "log");
      findings.facts = [...carbontrackerFacts(path, content), ...impactTrackerFacts(path, content)];
      return findings;
    }
  }
}

function setupPyPackages(content: string): string[] {
  return [...content.matchAll(/["']([A-Za-z][\w.-]*)\s*(?:[<>=!~[;][^"']*)?["']/g)].map((m) =>
    m[1]!.toLowerCase(),
  );
}

function condaPackages(content: string): string[] {
  return [...content.matchAll(/^\s*-\s*([A-Za-z][\w.-]*)/gm)].map((m) => m[1]!.toLowerCase());
}
