/**
 * INI/.cfg configs (`[train]\nepochs = 30`) and argument files (`--epochs 30` per line, as argparse's
 * `fromfile_prefix_chars` or absl's `--flagfile` read them). Both are line based.
 */
import { splitLines } from "../evidence.js";
import { emptyFindings } from "../findings.js";
import { tokenizeShellWords } from "../launch/words.js";
import type { FileFindings } from "../types.js";
import { factsFromLeaves, type ConfigLeaf } from "./leaves.js";

const SECTION = /^\s*\[([^\]]+)\]\s*$/;
const KEY_VALUE = /^\s*([\w.-]+)\s*[=:]\s*(.*?)\s*$/;

export function analyzeIni(path: string, content: string): FileFindings {
  const findings = emptyFindings(path, "ini");
  const lines = splitLines(content);
  const leaves: ConfigLeaf[] = [];
  let section: string[] = [];
  lines.forEach((line, index) => {
    if (/^\s*[;#]/.test(line)) return;
    const header = SECTION.exec(line);
    if (header) {
      section = [header[1]!.trim()];
      return;
    }
    const pair = KEY_VALUE.exec(line);
    if (pair && pair[2] !== "") leaves.push({ path: [...section, pair[1]!], raw: pair[2]!, line: index + 1 });
  });
  findings.facts = factsFromLeaves(leaves, { file: path, lines, format: "ini" });
  return findings;
}

export function analyzeArgumentFile(path: string, content: string): FileFindings {
  const findings = emptyFindings(path, "argfile");
  const lines = splitLines(content);
  const leaves: ConfigLeaf[] = [];
  lines.forEach((line, index) => {
    if (/^\s*#/.test(line)) return;
    const words = tokenizeShellWords(line);
    for (let i = 0; i < words.length; i += 1) {
      const word = words[i]!;
      if (!word.startsWith("-")) continue;
      const eq = word.indexOf("=");
      if (eq > 0) {
        leaves.push({ path: [word.slice(0, eq)], raw: word.slice(eq + 1), line: index + 1 });
      } else if (i + 1 < words.length && !words[i + 1]!.startsWith("--")) {
        leaves.push({ path: [word], raw: words[i + 1]!, line: index + 1 });
        i += 1;
      }
    }
  });
  findings.facts = factsFromLeaves(leaves, { file: path, lines, format: "argfile" });
  return findings;
}
