import { analyzeFile, loadPythonParser, type AnalyzerTools } from "../../../src/readers/code/index.js";
import type { FileKind } from "../../../src/readers/code/types.js";

let tools: AnalyzerTools;
beforeAll(async () => {
  tools = { python: await loadPythonParser(), parseTimeoutMs: 2000 };
});

/** Deterministic garbage: printable characters, quotes, brackets, newlines. */
function garbage(length: number, seed: number): string {
  const alphabet = "ab_=:-\"'[]{}()#$\\\n\t 0123456789.,epochs batch_size --gres=gpu:";
  let state = seed;
  let text = "";
  for (let i = 0; i < length; i += 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    text += alphabet[state % alphabet.length];
  }
  return text;
}

const CASES: [FileKind, string][] = [
  ["python", "train.py"],
  ["notebook", "a.ipynb"],
  ["yaml", "c.yaml"],
  ["json", "c.json"],
  ["toml", "c.toml"],
  ["ini", "c.cfg"],
  ["ini", "c.conf"],
  ["argfile", "args.txt"],
  ["shell", "run.sh"],
  ["makefile", "Makefile"],
  ["markdown", "README.md"],
  ["requirements", "requirements.txt"],
  ["codecarbon_csv", "emissions.csv"],
  ["log", "run.log"],
];

describe("analyzers on bad input", () => {
  it.each(CASES)(
    "a %s analyzer returns findings for empty, garbage and deeply nested content",
    (kind, path) => {
      const inputs = [
        "",
        garbage(20000, 7),
        garbage(20000, 11),
        "[".repeat(20000),
        "{".repeat(20000) + '"a":',
      ];
      for (const content of inputs) {
        const findings = analyzeFile({ path, content, kind }, tools);
        expect(findings.path).toBe(path);
        expect(Array.isArray(findings.facts)).toBe(true);
        for (const warning of findings.warnings) expect(warning.file).toBe(path);
        // The dispatcher's safety net must not be what saved us: each analyzer handles bad input itself.
        expect(findings.warnings.map((w) => w.code)).not.toContain("analysis_failed");
      }
    },
  );
});
