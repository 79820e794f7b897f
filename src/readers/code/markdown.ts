/**
 * READMEs and other Markdown: the command lines in fenced blocks, in indented blocks (those that start with a
 * launcher and name a script), on plain prose or list lines (a launcher and a script) and in inline code go through the launch reader; prose is searched for hardware
 * ("tested on an RTX 3090") through the shared catalog; a model card's `co2_eq_emissions` and a pasted
 * experiment-impact-tracker statement are measurements.
 */
import type { Fact } from "../../domain/facts.js";
import { CONFIDENCE, codeFact, splitLines } from "./evidence.js";
import { emptyFindings } from "./findings.js";
import { findHardwareInProse } from "./hardware.js";
import { analyzeLaunchLines } from "./launch/shell.js";
import { ENVIRONMENT_RUNNER_NAMES } from "./launch/commands.js";
import { impactTrackerFacts, modelCardFacts } from "./measured/trackers.js";
import { contextForPath } from "./roles.js";
import type { FileFindings, ScriptInvocation } from "./types.js";

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
/**
 * Inline code that is a command: a known launcher, or any command word followed by `--options`; after a shell
 * prompt too (`` `$ python train.py -i 2001` ``), which is not part of the command.
 */
const INLINE_COMMAND =
  /`(?:[$%>]\s+)?((?:python[\d.]*|torchrun|accelerate launch|deepspeed|srun|sbatch|bash|sh|CUDA_VISIBLE_DEVICES=\S+)\s[^`]+|[a-z][\w.-]*\s[^`]*--[\w-]+[^`]*)`/g;
const PROMPT = /^\s*(?:\$|>|#)\s+/;
/**
 * A command in an indented code block (four spaces or a tab, the Markdown of older READMEs): only a line that
 * starts with a launcher and names a script or module (or continues on the next line), since indented prose also
 * continues list items ("    python 3.8").
 */
const INDENTED_COMMAND = new RegExp(
  String.raw`^(?: {4,}|\t)\s*(?:\$\s+)?(?:(?:${ENVIRONMENT_RUNNER_NAMES.join("|")})\s+run(?:\s+-\S+(?:\s+[^-\s]\S*)?)*\s+)?(?:python[\d.]*|torchrun|accelerate\s+launch|deepspeed|srun|sbatch|bsub|bash|sh|CUDA_VISIBLE_DEVICES=\S+)\s(?=.*(?:\.py\b|\.sh\b|\s-m\s|\\\s*$))`,
);
/**
 * A command written as a plain, unindented line of prose or of a list, with no fence or backticks
 * (`2. Run command of the form: python3 scripts/run.py -cfg a.yaml`, a bare `python -u train.py --epochs 150`): an
 * optional list marker and a short lead-in ending in a colon, then a launcher, its own options, a `.py` or `.sh`
 * script, and nothing but arguments after it (options, `key=value`, variables). A version ("python 3.7.16.") or a
 * sentence that goes on after the script name ("python train.py is the entry") is not one, nor is an indented line
 * that is not a code block (Markdown's continued paragraph).
 */
const PROSE_COMMAND = new RegExp(
  String.raw`^(?:(?:[-*+]|\d+[.)])\s+)?(?:[^\x60:]{1,80}:\s+)?((?:CUDA_VISIBLE_DEVICES=\S+\s+)?(?:python[\d.]*|torchrun|accelerate\s+launch|deepspeed|srun|sbatch|bash|sh)(?:\s+-\S+)*\s+[\w./-]+\.(?:py|sh)(?<tail>\s*$|\s+(?:-|\$|\w[\w.]*=|\\)[^\x60]*$))`,
);
/**
 * A tail after a plain line's script that carries on as a sentence, so the line is prose, not a command: two bare
 * lower-case words in a row ("--epochs 5 is only a smoke test") or sentence punctuation at the end ("... 300.").
 */
const SENTENCE_TAIL = /(?:^|\s)[a-z]+\s+[a-z]+(?=\s|$)|[^.\s][.;]\s*$/;
/**
 * Prose that reports the authors' own setup ("we trained on", "tested on", "our experiments", "Ran on V100"): past
 * tense for a bare verb, since "runs on" and "can be run on" state a requirement; "ran on" only with no subject, at
 * the start of a line, list item or sentence ("The original implementation ran on a TPU" is someone else's setup).
 */
const SETUP_WORDS =
  /\b(?:we|our|trained|tested|experiments? (?:were|was|are|is|ran|run))\b|(?:^|[.!?]\s+)\W*(?:\d+[.)]\s+)?ran on\b/i;
/**
 * Prose that compares hardware or advertises speed, not a setup: a speed ratio ("6x faster", "a 2.5x gain"), but not a
 * count of devices written the same way ("3x GeForce RTX 2080 Ti", "8x A100").
 */
const COMPARISON_WORDS =
  /\b(?:faster|slower|speed-?up|vs\.?|versus|compared|comparison|throughput|announced)\b/i;
/** Case matters: a lower-case word follows a ratio ("6x gain"), a name or a number a count ("8x A100"). */
const SPEED_RATIO = /\d+(?:\.\d+)?[xX]\b(?!\s*[A-Z0-9])/;
const compares = (sentence: string) => COMPARISON_WORDS.test(sentence) || SPEED_RATIO.test(sentence);
/** A Markdown heading (`## Hardware`). */
const HEADING = /^\s{0,3}#{1,6}\s/;
/**
 * A heading over the authors' own machine ("## Hardware", "### Training environment", "## Compute"): its lines are
 * setup lines without a setup word ("- 3x GeForce RTX 2080 Ti" under "The following specs were used"). Not a
 * heading of what a user needs ("Hardware requirements", "Prerequisites", "Installation"). The topic word ends the
 * heading: "## Machine Learning Models", "## Environment Setup" and "## Compute FID" are not about the authors' machine.
 */
const SETUP_HEADING =
  /^\s{0,3}#{1,6}\s+\W*\s*(?:(?:training|experimental|experiment|our|test(?:ing)?)\s+)?(?:hardware|compute|computing|environment|machine|system specs?)(?:\s+(?:used|details|specs?))?\s*:?\s*#*\s*$/i;
/** What a user needs, not what the authors ran: "Any GPU with 12 GB (e.g. RTX 3060) works", "Minimum: GTX 1080". */
const REQUIREMENT_WORDS =
  /\b(?:any|minimum|recommended|at least|e\.g\.|or (?:better|newer|higher)|requires?|required|should)\b/i;
/** Where a sentence of prose ends: after `.`, `!` or `?` and a space, before a capital. */
const SENTENCE_END = /(?<=[.!?])\s+(?=[A-Z])/;
const README_NAME = /(?:^|\/)readme[^/]*$/i;
/**
 * The other pages where authors record their own setup: the environment they ran (`ENV.md`, `ENVIRONMENT.md`) and
 * how to reproduce their runs (`REPRODUCE.md`, `REPRODUCIBILITY.md`). Not a changelog, a contributing guide or an
 * API page, whose hardware is someone else's or anyone's.
 */
const SETUP_PAGE_NAME = /(?:^|\/)(?:env|environment|reproduc\w*|hardware)\.(?:md|markdown|rst|txt)$/i;
/**
 * Prose that introduces a command as one example among others, not as the way to run; also a heading or a line
 * of its own that says only "Examples" or "Example invocations".
 */
const EXAMPLE_WORDS =
  /\b(?:for example|for instance|e\.g\.|example usage|an example|example invocations?|fine-grained|such as)\b|^\s*#*\s*examples?\s*:?\s*$/i;
/** How many prose lines before a fenced block may introduce it. */
const INTRODUCTION_LINES = 3;
const SCRIPT = String.raw`((?:\.{0,2}\/)?[\w-][\w./-]*\.(?:py|sh|ipynb))`;
/** Prose naming a script as the way to run or train: "run `train.py`", "use `train.sh` to train". */
const PROSE_LAUNCH = [
  new RegExp(
    String.raw`\b(?:run|running|execute|executing|launch|launching)\s+(?:the\s+)?(?:script\s+|notebook\s+)?\x60?${SCRIPT}\x60?`,
    "gi",
  ),
  new RegExp(
    String.raw`\x60${SCRIPT}\x60\s+(?:is\s+used\s+|can\s+be\s+used\s+)?to\s+(?:train|reproduce|run|launch|start)\b`,
    "gi",
  ),
];

export function analyzeMarkdown(path: string, content: string): FileFindings {
  const findings = emptyFindings(path, "markdown");
  const lines = splitLines(content);
  const commandLines: { line: number; text: string }[] = [];
  const context = contextForPath(path);
  const readsSetup = (README_NAME.test(path) || SETUP_PAGE_NAME.test(path)) && context === "training";
  let fence: { marker: string; shell: boolean; example: boolean } | null = null;
  /** Lines of commands introduced as examples ("for example, the following command"). */
  const exampleLines = new Set<number>();
  const prose: { line: number; text: string; targets: string[] }[] = [];
  let lastProse: { line: number; text: string } | null = null;
  let inFrontMatter = lines[0]?.trim() === "---";
  /** The prose just before this line introduces what follows as an example ("for example, run:"). */
  const introducedAsExample = (line: number): boolean => {
    const prose = lastProse;
    return prose !== null && line - prose.line <= INTRODUCTION_LINES + 1 && EXAMPLE_WORDS.test(prose.text);
  };
  /** Indented code blocks are Markdown's: in a plain-text readme, indentation is only layout. */
  const markdown = /\.(?:md|markdown)$/i.test(path);
  /** An indented command whose last line ended with a backslash: the next line continues it. */
  let indentedContinues = false;
  /** Under a heading about the authors' machine (SETUP_HEADING), until the next heading. */
  let setupSection = false;
  /** The CPUs the setup prose names (see the end). */
  const setupCpus = new Set<Fact>();
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
        if (fence.example) exampleLines.add(line);
      }
      return;
    }
    if (opening) {
      fence = {
        marker: opening[1]!,
        shell: SHELL_LANGUAGES.has(opening[2]!.toLowerCase()),
        example: introducedAsExample(line),
      };
      return;
    }
    /** A command line outside a fence: it continues on the next line after a backslash, else it ends here. */
    const commandOnItsLine = (command: string, example: boolean): void => {
      commandLines.push({ line, text: command });
      if (example) exampleLines.add(line);
      indentedContinues = /\\\s*$/.test(text);
      // The block ends with the command: nothing after it is joined to it.
      if (!indentedContinues) commandLines.push({ line, text: "" });
    };
    if (indentedContinues || (markdown && INDENTED_COMMAND.test(text))) {
      commandOnItsLine(text.replace(PROMPT, ""), introducedAsExample(line));
      return;
    }
    const plain = PROSE_COMMAND.exec(text);
    if (plain && !SENTENCE_TAIL.test(plain.groups!.tail!)) {
      commandOnItsLine(plain[1]!, introducedAsExample(line) || EXAMPLE_WORDS.test(text));
      return;
    }
    if (text.trim() !== "") lastProse = { line, text };
    const inline = [...text.matchAll(INLINE_COMMAND)].map((match) => match[1]!);
    for (const command of inline) {
      commandLines.push({ line, text: command });
      if (EXAMPLE_WORDS.test(text)) exampleLines.add(line);
    }
    const targets = PROSE_LAUNCH.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]!)).filter(
      (target) => !inline.some((command) => command.includes(target)),
    );
    if (targets.length > 0) prose.push({ line, text, targets: [...new Set(targets)] });
    // The setup may take two sentences of a line ("We trained for 2 days. It used 8 A100s."), but a comparison is
    // judged sentence by sentence: a paragraph is often one line, and "The extension is slower" after "Our
    // experiments used an A100" compares nothing with the setup.
    if (HEADING.test(text)) setupSection = SETUP_HEADING.test(text);
    // A setup section's line without a setup word may still state a requirement (judged on the whole line: "e.g.
    // RTX 3060" splits into two sentences).
    const setupLine = SETUP_WORDS.test(text) || (setupSection && !REQUIREMENT_WORDS.test(text));
    for (const sentence of readsSetup && setupLine ? text.split(SENTENCE_END) : []) {
      if (compares(sentence)) continue;
      for (const mention of findHardwareInProse(sentence)) {
        const fact = codeFact({
          field: "hardware",
          value: mention.id,
          raw: mention.raw,
          confidence: CONFIDENCE.readmeHardware,
          file: path,
          line,
          snippet: text,
          tags: ["readme_prose"],
          context,
        });
        findings.facts.push(fact);
        if (mention.cpu) setupCpus.add(fact);
      }
    }
  });
  // The host CPU listed beside the GPUs ("- Intel Xeon Silver 4210", "- 3x GeForce RTX 2080 Ti") is not what
  // trained: a CPU is the training hardware only when the setup names no accelerator.
  if (findings.facts.some((f) => f.tags?.includes("readme_prose") && !setupCpus.has(f)))
    findings.facts = findings.facts.filter((f) => !setupCpus.has(f));
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
  for (const invocation of launch.invocations) {
    if (exampleLines.has(invocation.line)) invocation.variant = "example in a README";
  }
  findings.invocations = [...launch.invocations, ...proseInvocations(prose, path, baseDirOf(path))];
  return findings;
}

/**
 * Scripts the prose names as the way to run ("To reproduce, run `starling.py`", "Use `train.sh` to train"): a
 * launch without arguments, so that the script counts as one the authors start.
 */
function proseInvocations(
  prose: { line: number; text: string; targets: string[] }[],
  path: string,
  baseDir: string,
): ScriptInvocation[] {
  return prose.flatMap(({ line, text, targets }) =>
    targets.map((target) => {
      const invocation: ScriptInvocation = {
        file: path,
        line,
        snippet: text.trim(),
        target,
        targetIsModule: false,
        baseDir,
        args: [],
        launcher: target.endsWith(".sh") ? "shell" : "prose",
        devices: { perNode: null, nodes: null, total: null },
        facts: [],
        configs: [],
      };
      if (target.endsWith(".sh")) invocation.argWords = [];
      if (EXAMPLE_WORDS.test(text)) invocation.variant = "example in a README";
      return invocation;
    }),
  );
}

function baseDirOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}
