/**
 * READMEs and other Markdown: the command lines in fenced blocks (and in inline code that starts with a launcher)
 * go through the launch reader; prose is searched for hardware ("tested on an RTX 3090") through the shared
 * catalog; a model card's `co2_eq_emissions` and a pasted experiment-impact-tracker statement are measurements.
 */
import { CONFIDENCE, codeFact, splitLines } from "./evidence.js";
import { emptyFindings } from "./findings.js";
import { findHardwareInProse } from "./hardware.js";
import { analyzeLaunchLines } from "./launch/shell.js";
import { impactTrackerFacts, modelCardFacts } from "./measured/trackers.js";
import { contextForPath } from "./roles.js";
import type { FileFindings } from "./types.js";

const FENCE = /^\s*(`{3,}|~{3,})\s*([\w+-]*)/;
const SHELL_LANGUAGES = new Set([
  "",
  "bash",
  "sh",
  "shell",
  "console",
  "zsh",
  "shell-session",
  "shellsession",
  "text",
  "none",
  "sbatch",
  "slurm",
  "cmd",
]);
/** Inline code that is a command: a known launcher, or any command word followed by `--options`. */
const INLINE_COMMAND =
  /`((?:python[\d.]*|torchrun|accelerate launch|deepspeed|srun|sbatch|bash|sh|CUDA_VISIBLE_DEVICES=\S+)\s[^`]+|[a-z][\w.-]*\s[^`]*--[\w-]+[^`]*)`/g;
const PROMPT = /^\s*(?:\$|>|#)\s+/;
/** Prose that reports the authors' own setup ("we trained on", "tested on", "our experiments"). */
const SETUP_WORDS = /\b(?:we|our|trained|tested|experiments? (?:were|was|are|is|ran|run))\b/i;
/** Prose that compares hardware or advertises speed, not a setup. */
const COMPARISON_WORDS =
  /\b(?:faster|slower|speed-?up|vs\.?|versus|compared|comparison|throughput|announced)\b|\d+(?:\.\d+)?x\b/i;
const README_NAME = /(?:^|\/)readme[^/]*$/i;

export function analyzeMarkdown(path: string, content: string): FileFindings {
  const findings = emptyFindings(path, "markdown");
  const lines = splitLines(content);
  const commandLines: { line: number; text: string }[] = [];
  const context = contextForPath(path);
  const readsSetup = README_NAME.test(path) && context === "training";
  let fence: { marker: string; shell: boolean } | null = null;
  let inFrontMatter = lines[0]?.trim() === "---";
  lines.forEach((text, index) => {
    const line = index + 1;
    if (inFrontMatter) {
      if (index > 0 && text.trim() === "---") inFrontMatter = false;
      return;
    }
    const opening = FENCE.exec(text);
    if (fence) {
      if (
        opening &&
        opening[1]!.startsWith(fence.marker[0]!) &&
        opening[1]!.length >= fence.marker.length &&
        opening[2] === ""
      ) {
        fence = null;
        commandLines.push({ line, text: "" });
      } else if (fence.shell) {
        commandLines.push({ line, text: text.replace(PROMPT, "") });
      }
      return;
    }
    if (opening) {
      fence = { marker: opening[1]!, shell: SHELL_LANGUAGES.has(opening[2]!.toLowerCase()) };
      return;
    }
    for (const match of text.matchAll(INLINE_COMMAND)) commandLines.push({ line, text: match[1]! });
    if (readsSetup && SETUP_WORDS.test(text) && !COMPARISON_WORDS.test(text)) {
      for (const mention of findHardwareInProse(text)) {
        findings.facts.push(
          codeFact({
            field: "hardware",
            value: mention.id,
            raw: mention.raw,
            confidence: CONFIDENCE.readmeHardware,
            file: path,
            line,
            snippet: text,
            tags: ["readme_prose"],
            context,
          }),
        );
      }
    }
  });
  const slash = path.lastIndexOf("/");
  const launch = analyzeLaunchLines(commandLines, {
    file: path,
    kind: "markdown",
    baseDir: slash < 0 ? "" : path.slice(0, slash),
    readDirectives: true,
  });
  findings.facts.push(
    ...launch.facts,
    ...modelCardFacts(path, content),
    ...impactTrackerFacts(path, content),
  );
  findings.invocations = launch.invocations;
  return findings;
}
