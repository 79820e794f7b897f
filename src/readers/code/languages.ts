/**
 * Code in languages the reader does not analyse (Julia, R and R Markdown, Lua, MATLAB/Octave, C/C++/CUDA,
 * Java, Scala, Kotlin, Go, Rust). Such files are never parsed; they are recognised so that the report can say
 * plainly that settings written in them were not read, instead of saying nothing. The only values taken from
 * them are one-line statements of well-known names (`epochs = 50`, `batch_size <- 32`, `#define BATCH_SIZE 32`,
 * MATLAB `'MaxEpochs', 5`, Lua `cmd:option('-batch_size', 4)`), at a confidence below the rules' bar: the code
 * ranker, trained on repositories written in these languages too, decides whether one is the run's value (in a
 * MATLAB-only repository, `'MaxEpochs', 5` usually is).
 */
import type { Fact, Warning } from "../../domain/facts.js";
import { codeFact, lineIndex, splitLines } from "./evidence.js";
import { emptyFindings } from "./findings.js";
import { interpretValue, meaningOfName } from "./names.js";
import type { EntryPoint, FileFindings } from "./types.js";

/** Extension → language, for code the reader does not analyse. */
const LANGUAGES: Record<string, string> = {
  jl: "Julia",
  r: "R",
  rmd: "R Markdown",
  lua: "Lua",
  m: "MATLAB/Octave",
  c: "C",
  cc: "C++",
  cpp: "C++",
  cxx: "C++",
  cu: "CUDA",
  java: "Java",
  scala: "Scala",
  kt: "Kotlin",
  go: "Go",
  rs: "Rust",
};
/** Compiled-language sources are only looked at near the top of the tree (a vendored library can be huge). */
const SHALLOW_ONLY = new Set(["c", "cc", "cpp", "cxx", "cu", "java", "scala", "kt", "go", "rs"]);
const SHALLOW_DEPTH = 2;

/** The language of a file the reader does not analyse, from its extension; null for everything else. */
export function otherLanguageOf(path: string): string | null {
  const dot = path.lastIndexOf(".");
  if (dot < 0 || dot < path.lastIndexOf("/")) return null;
  const extension = path.slice(dot + 1).toLowerCase();
  const language = LANGUAGES[extension];
  if (!language) return null;
  if (SHALLOW_ONLY.has(extension) && path.split("/").length - 1 > SHALLOW_DEPTH) return null;
  return language;
}

/** Groups of words that training code uses; a file showing two groups is taken for training code. */
const TRAINING_SIGNS = [
  /\b(?:n_?|num_?|max_?)?epochs?\b|MaxEpochs/i,
  /batch_?size|MiniBatchSize|\bbatch\b/i,
  /\bbackward\s*\(|:backward\(|\boptim(?:izer|s)?\b|trainNetwork|trainingOptions|\btrain!\s*\(|\bfit\s*\(|learning_?rate|learningRate|\bloss\b/i,
];

export const LANGUAGE_NOT_READ = "language_not_read";

/** Confidence of a value read from a one-line statement in a language the reader does not analyse. */
const OTHER_LANGUAGE_CONFIDENCE = 0.4;
const NUMBER = String.raw`([0-9][0-9_.]*(?:[eE][+-]?[0-9]+)?)[uUlLfF]?`;
/**
 * A type written between the name and `=`: Julia's `batch::Int = 128` (a config struct's field), Scala's and Kotlin's
 * `val batch: Int = 128`, Rust's `let batch: usize = 128`. Missing these left a lone untyped line the only value seen.
 * On one line only (`case EPOCHS:` gives no name to the next line's number). After `::` the type is capitalised as
 * Julia's are (`Int`, `Float64`, `Vector{Int}`): C++'s `Config::batch_size = 64` is a scoped name, whose last part
 * the assignment reads on its own.
 */
const TYPE_ANNOTATION = String.raw`(?:[ \t]*(?:::[ \t]*[A-Z][a-z0-9][\w.]*|:[ \t]*[A-Za-z_][\w.]*)(?:\{[^{}=\n]*\})?)?`;
/** `name = 5`, `name <- 5`, `name := 5`, `int name = 5;`, `val name = 5`, `name::Int = 5` (not `==`). */
const ASSIGNMENT = new RegExp(
  String.raw`\b([A-Za-z_]\w*)` +
    TYPE_ANNOTATION +
    String.raw`\s*(?:<-|:=|=(?!=))\s*` +
    NUMBER +
    String.raw`\b`,
  "g",
);
/** `#define BATCH_SIZE 32` (C/C++/CUDA). */
const DEFINE = new RegExp(String.raw`^\s*#\s*define\s+([A-Za-z_]\w*)\s+\(?` + NUMBER, "gm");
/** MATLAB name-value pairs (`trainingOptions('adam', 'MaxEpochs', 5)`) and Lua `cmd:option('-name', 5)`. */
const NAME_VALUE = new RegExp(String.raw`["']-{0,2}([A-Za-z_]\w*)["']\s*,\s*` + NUMBER, "g");

/** Findings of a file in a language the reader does not analyse: its language, and low-confidence values. */
export function analyzeOtherLanguage(path: string, content: string): FileFindings {
  const findings = emptyFindings(path, "other_language");
  const objectiveC =
    path.toLowerCase().endsWith(".m") && /^\s*(?:#import|@interface|@implementation)\b/m.test(content);
  const language = objectiveC ? "Objective-C" : (otherLanguageOf(path) ?? "other");
  const training = TRAINING_SIGNS.filter((sign) => sign.test(content)).length >= 2;
  findings.facts = oneLineValues(path, content, language);
  findings.language = { name: language, training };
  return findings;
}

function oneLineValues(path: string, content: string, language: string): Fact[] {
  const lineOf = lineIndex(content);
  const lines = splitLines(content);
  const facts: Fact[] = [];
  const seen = new Set<string>();
  const patterns = [ASSIGNMENT, NAME_VALUE, ...(/^(?:C|C\+\+|CUDA)$/.test(language) ? [DEFINE] : [])];
  for (const pattern of patterns) {
    for (const match of content.matchAll(pattern)) {
      // `for epoch = 1, n do` (Lua), `for epoch = 1:n` (MATLAB, Julia): a loop's first value, not a setting.
      if (/\bfor\s+$/.test(content.slice(Math.max(0, (match.index ?? 0) - 8), match.index))) continue;
      const name = snakeCase(match[1]!);
      const meaning = meaningOfName(name);
      if (!meaning || meaning.semantics === "model" || meaning.semantics === "duration") continue;
      const raw = match[2]!.replace(/_/g, "");
      const value = interpretValue(meaning, raw);
      if (value === null) continue;
      const line = lineOf((match.index ?? 0) + match[0].length - match[2]!.length);
      const key = `${meaning.field}:${line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      facts.push(
        codeFact({
          field: meaning.field,
          value,
          raw: match[0].trim(),
          confidence: OTHER_LANGUAGE_CONFIDENCE * meaning.weight,
          file: path,
          line,
          snippet: lines[line - 1] ?? "",
          tags: [...meaning.tags, "other_language"],
        }),
      );
    }
  }
  return facts;
}

/** `MaxEpochs` → `max_epochs`, `MiniBatchSize` → `mini_batch_size`, `BATCH_SIZE` → `batch_size`. */
function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

/**
 * One warning per language the reader did not analyse, naming a few files, when that code looks like
 * training code or when no Python entry point was found at all (then it is likely where the training is).
 */
export function languageWarnings(findings: FileFindings[], entryPoints: EntryPoint[]): Warning[] {
  const byLanguage = new Map<string, { files: string[]; training: boolean }>();
  for (const file of findings) {
    if (!file.language) continue;
    const entry = byLanguage.get(file.language.name) ?? { files: [], training: false };
    entry.files.push(file.path);
    entry.training ||= file.language.training;
    byLanguage.set(file.language.name, entry);
  }
  const warnings: Warning[] = [];
  for (const [language, { files, training }] of byLanguage) {
    if (!training && entryPoints.length > 0) continue;
    const shown = files.slice(0, 3).join(", ");
    const more = files.length > 3 ? ` and ${files.length - 3} more` : "";
    const count = files.length === 1 ? "1 file" : `${files.length} files`;
    warnings.push({
      code: LANGUAGE_NOT_READ,
      message: `${language} ${training ? "training code" : "code"} is not parsed (${count}: ${shown}${more}): only one-line statements of well-known names (such as "epochs = 50") are read from it, at a low confidence; training settings written any other way there (epochs, batch size, GPUs) are not reported.`,
      file: files[0],
    });
  }
  return warnings;
}
