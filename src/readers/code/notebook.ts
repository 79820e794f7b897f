/**
 * Jupyter notebooks: code cells are joined into one Python source and read by the Python analyzer; shell escapes
 * (`!python train.py --epochs 3`, `%run train.py`, `%%bash` cells) go to the launch reader; the GPU of a Colab
 * runtime saved in the metadata is a hardware fact, and so is a GPU the notebook printed ("GPU Device: NVIDIA RTX
 * A5000"); outputs are otherwise ignored.
 *
 * Evidence lines point into the .ipynb file itself: a fact's `line` is the line of the notebook's JSON that holds
 * the code line's string (Jupyter writes one source line per JSON line), and its snippet is the code line.
 * When a cell's source cannot be located line by line (a notebook saved on one line), the cell's `"source"` line
 * is used.
 */
import type { Fact, Warning } from "../../domain/facts.js";
import { CONFIDENCE, codeFact, lineIndex } from "./evidence.js";
import { findHardwareInProse, resolveHardwareName } from "./hardware.js";
import { contextForPath } from "./roles.js";
import { emptyFindings } from "./findings.js";
import { analyzeLaunchLines } from "./launch/shell.js";
import { analyzePython } from "./python/analyze.js";
import type { PythonParser } from "./python/parser.js";
import type { FileFindings } from "./types.js";

const MAX_MISSES = 20;

interface NotebookLine {
  /** Line in the .ipynb file. */
  fileLine: number;
  text: string;
}

export function analyzeNotebook(
  path: string,
  content: string,
  parser: PythonParser,
  parseTimeoutMs: number,
): FileFindings {
  const findings = emptyFindings(path, "notebook");
  let notebook: unknown;
  try {
    notebook = JSON.parse(content);
  } catch (error) {
    findings.warnings.push(unreadable(path, (error as Error).message));
    return findings;
  }
  const cells = (notebook as { cells?: unknown } | null)?.cells;
  if (!Array.isArray(cells)) {
    findings.warnings.push(unreadable(path, "no cells list"));
    return findings;
  }
  const { python, shell } = splitCells(cells, content);
  const source = python.map((l) => l.text).join("\n");
  const analyzed = analyzePython(path, source, parser, {
    parseTimeoutMs,
    kind: "notebook",
    lineMap: (line) => python[line - 1]?.fileLine ?? 1,
  });
  const slash = path.lastIndexOf("/");
  const launch = analyzeLaunchLines(
    shell.map((l) => ({ line: l.fileLine, text: l.text })),
    { file: path, kind: "notebook", baseDir: slash < 0 ? "" : path.slice(0, slash), readDirectives: false },
  );
  const trains =
    (analyzed.traits?.trainingSignals ?? 0) > 0 ||
    launch.invocations.length > 0 ||
    analyzed.facts.some((f) => RUN_LENGTH.has(f.field) && f.context === "training");
  return {
    ...analyzed,
    facts: [
      ...analyzed.facts,
      ...launch.facts,
      ...runtimeHardware(path, notebook, content, trains),
      ...(trains ? printedHardware(path, cells, content) : []),
    ],
    invocations: launch.invocations,
  };
}

/** Settings that only a training run has: a notebook that sets one trains something. */
const RUN_LENGTH: ReadonlySet<string> = new Set(["epochs", "steps"]);

/**
 * The GPU Colab records for the runtime the notebook last ran on (`"metadata": {"accelerator": "GPU", "colab":
 * {"gpuType": "T4"}}`): the authors' hardware for what the notebook runs, trusted like a README's setup sentence.
 * A notebook that shows no sign of training (no training call the reader knows, no launch, no epochs or steps) is
 * taken to have run its GPU for something else (tables, plots, an evaluation): the GPU is an inference GPU.
 */
function runtimeHardware(path: string, notebook: unknown, content: string, trains: boolean): Fact[] {
  const metadata = (notebook as { metadata?: unknown }).metadata as
    | { accelerator?: unknown; colab?: { gpuType?: unknown } }
    | undefined;
  const gpuType = metadata?.colab?.gpuType;
  if (metadata?.accelerator !== "GPU" || typeof gpuType !== "string") return [];
  const resolved = resolveHardwareName(gpuType);
  if (!resolved) return [];
  const at = content.lastIndexOf('"gpuType"');
  return [
    codeFact({
      field: "hardware",
      value: resolved.id,
      raw: gpuType,
      confidence: CONFIDENCE.readmeHardware,
      file: path,
      line: at < 0 ? 1 : lineIndex(content)(at),
      snippet: `"gpuType": "${gpuType}"`,
      tags: ["notebook_runtime"],
      context: trains ? contextForPath(path) : "inference",
    }),
  ];
}

/**
 * A line the notebook printed naming the GPU it ran on (`print(f"GPU Device: {torch.cuda.get_device_name(0)}")` shows
 * "GPU Device: NVIDIA RTX A5000"; "Using device: Tesla T4"): the authors' hardware, as the Colab runtime is. Only a
 * label about the GPU or device before a colon, and a name the catalog knows that is no CPU; only in a notebook
 * that trains (see `runtimeHardware`). One fact per GPU, at its first print.
 */
const PRINTED_GPU = /^[^:=]{0,30}\b(?:gpu|device|cuda)\b[^:=]{0,20}[:=]\s*(.{2,80}?)\s*$/i;

/** A printed device line is short; an untrusted notebook's megabyte line is not scanned. */
const MAX_PRINTED_LINE = 160;

function printedHardware(path: string, cells: unknown[], content: string): Fact[] {
  const facts: Fact[] = [];
  const lineOf = lineIndex(content);
  for (const cell of cells) {
    const outputs = (cell as { outputs?: unknown } | null)?.outputs;
    if (!Array.isArray(outputs)) continue;
    for (const output of outputs) {
      const record = output as { text?: unknown; data?: { "text/plain"?: unknown } } | null;
      const text = record?.text ?? record?.data?.["text/plain"];
      const pieces = Array.isArray(text) ? text : typeof text === "string" ? [text] : [];
      for (const piece of pieces) {
        if (typeof piece !== "string") continue;
        for (const printed of piece.split("\n")) {
          const named = printed.length <= MAX_PRINTED_LINE ? PRINTED_GPU.exec(printed)?.[1] : undefined;
          const gpu = named ? findHardwareInProse(named).find((h) => !h.cpu) : undefined;
          if (!gpu || facts.some((f) => f.value === gpu.id)) continue;
          const at = content.indexOf(JSON.stringify(piece).slice(1, -1));
          facts.push(
            codeFact({
              field: "hardware",
              value: gpu.id,
              raw: gpu.raw,
              confidence: CONFIDENCE.readmeHardware,
              file: path,
              line: at < 0 ? 1 : lineOf(at),
              snippet: printed.trim(),
              tags: ["notebook_runtime"],
              context: contextForPath(path),
            }),
          );
        }
      }
    }
  }
  return facts;
}

function unreadable(path: string, reason: string): Warning {
  return { code: "notebook_unreadable", message: `notebook is not valid JSON: ${reason}`, file: path };
}

/** Code-cell lines mapped to .ipynb lines, split into Python lines and shell-escape lines. */
function splitCells(cells: unknown[], content: string): { python: NotebookLine[]; shell: NotebookLine[] } {
  const lineOf = lineIndex(content);
  const python: NotebookLine[] = [];
  const shell: NotebookLine[] = [];
  let cursor = 0;
  // Each search runs forward from the cursor; after a few misses (an unusual encoding) searching stops, so a
  // hostile notebook cannot make line mapping quadratic. Lines then fall back to the cell's "source" line.
  let misses = 0;
  for (const cell of cells) {
    const record = cell as { cell_type?: unknown; source?: unknown } | null;
    const sourceKey = misses < MAX_MISSES ? content.indexOf('"source"', cursor) : -1;
    if (sourceKey >= 0) cursor = sourceKey;
    else misses += 1;
    if (!record || record.cell_type !== "code") continue;
    const pieces = Array.isArray(record.source)
      ? record.source.filter((p): p is string => typeof p === "string")
      : typeof record.source === "string"
        ? [record.source]
        : [];
    const fallbackLine = lineOf(cursor);
    const cellLines: NotebookLine[] = [];
    for (const piece of pieces) {
      const encoded = JSON.stringify(piece);
      const at = misses < MAX_MISSES ? content.indexOf(encoded, cursor) : -1;
      if (at < 0) misses += 1;
      const pieceLine = at >= 0 ? lineOf(at) : fallbackLine;
      if (at >= 0) cursor = at + encoded.length;
      for (const text of piece.replace(/\n$/, "").split("\n")) cellLines.push({ fileLine: pieceLine, text });
    }
    const bashCell = /^%%(?:bash|sh|script\s+bash)\b/.test(cellLines[0]?.text ?? "");
    // A `%` or `!` line inside a triple-quoted string is text, not an escape: blanking it could drop the string's
    // closing quotes and leave the rest of the notebook inside an unclosed string. A string cannot span cells.
    let open: TripleQuote | null = null;
    // `!python train.py \` (or `%run train.py \`) continues on the next lines: they are the escape's, not Python.
    let continued = false;
    cellLines.forEach((line, index) => {
      if (bashCell) {
        shell.push(index === 0 ? { ...line, text: "" } : line);
        python.push({ ...line, text: "" });
      } else if (continued) {
        shell.push(line);
        python.push({ ...line, text: "" });
        continued = /\\\s*$/.test(line.text);
      } else if (open === null && /^\s*[!%]/.test(line.text)) {
        routeEscape(line, python, shell);
        continued = /^\s*(?:!|%run\s)/.test(line.text) && /\\\s*$/.test(line.text);
      } else {
        python.push(line);
        open = tripleQuoteAfter(line.text, open);
      }
    });
    // Keep cells apart so a statement cannot run on from one cell into the next.
    python.push({ fileLine: fallbackLine, text: "" });
    shell.push({ fileLine: -1, text: "" });
  }
  return { python, shell };
}

/** A shell escape goes to the launch reader; every escape leaves a blank Python line, so line numbers hold. */
function routeEscape(line: NotebookLine, python: NotebookLine[], shell: NotebookLine[]): void {
  if (/^\s*!/.test(line.text)) {
    shell.push({ ...line, text: line.text.replace(/^\s*!/, "") });
  } else if (/^\s*%run\s/.test(line.text)) {
    shell.push({ ...line, text: line.text.replace(/^\s*%run\s+/, "python ") });
  }
  python.push({ ...line, text: "" });
}

type TripleQuote = "'''" | '"""';

/**
 * The triple-quoted string still open after a Python line, given the one open before it. One pass over the line:
 * comments and one-line strings are skipped so that a `'''` inside them opens nothing, and a backslash escapes the
 * next character, as in Python (raw strings included).
 */
function tripleQuoteAfter(text: string, before: TripleQuote | null): TripleQuote | null {
  let open = before;
  let short: string | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charAt(i);
    const triple = text.slice(i, i + 3);
    if (char === "\\") {
      i += 1;
    } else if (open) {
      if (triple === open) {
        open = null;
        i += 2;
      }
    } else if (short) {
      if (char === short) short = null;
    } else if (char === "#") {
      break;
    } else if (triple === "'''" || triple === '"""') {
      open = triple;
      i += 2;
    } else if (char === "'" || char === '"') {
      short = char;
    }
  }
  return open;
}
