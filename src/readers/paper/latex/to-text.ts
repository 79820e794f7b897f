/**
 * Turns flattened LaTeX into the plain text a reader would see, keeping what carries compute facts (prose,
 * tables as rows, captions, footnotes, section structure, checklist answers) and dropping what does not
 * (preamble, comments, macro definitions, figures' drawing code, the bibliography).
 *
 * Sections become Markdown-style heading lines (`# Experiments`), so the document builder reads LaTeX and
 * Markdown the same way. Every output character maps back to a source offset (`sourceOffsetAt`).
 */

export interface LatexText {
  text: string;
  /** What the converter gave up on to stay linear (nesting, macro expansion); empty for ordinary papers. */
  limits: string[];
  /** Source offset (into the flattened LaTeX) of the output character at `outputOffset`. */
  sourceOffsetAt(outputOffset: number): number;
}

interface Segment {
  outStart: number;
  srcStart: number;
  /** Expanded macro text has no source of its own: all of it maps to the invocation. */
  fixed: boolean;
}

interface MacroDefinition {
  args: number;
  defaultArg: string | null;
  body: string;
}

const SECTION_LEVELS: Record<string, number> = {
  part: 1,
  chapter: 1,
  section: 1,
  subsection: 2,
  subsubsection: 3,
  paragraph: 4,
  subparagraph: 4,
};

/** Commands whose arguments are not text: name -> number of mandatory arguments to skip. */
const SKIP_ARGS: Record<string, number> = {
  label: 1,
  vspace: 1,
  hspace: 1,
  includegraphics: 1,
  usepackage: 1,
  RequirePackage: 1,
  documentclass: 1,
  bibliographystyle: 1,
  bibliography: 1,
  addbibresource: 1,
  printbibliography: 0,
  setlength: 2,
  addtolength: 2,
  setcounter: 2,
  addtocounter: 2,
  stepcounter: 1,
  refstepcounter: 1,
  pagestyle: 1,
  thispagestyle: 1,
  pagenumbering: 1,
  newlength: 1,
  graphicspath: 1,
  hypersetup: 1,
  definecolor: 3,
  linespread: 1,
  captionsetup: 1,
  fontsize: 2,
  color: 1,
  rowcolor: 1,
  cellcolor: 1,
  columncolor: 1,
  arrayrulecolor: 1,
  textcolor: 1,
  colorbox: 1,
  href: 1,
  resizebox: 2,
  scalebox: 1,
  adjustbox: 1,
  raisebox: 1,
  rotatebox: 1,
  makebox: 0,
  parbox: 1,
  bibitem: 1,
  nocite: 1,
  crefname: 3,
  Crefname: 3,
  DeclareMathOperator: 2,
  newtheorem: 2,
  theoremstyle: 1,
  tikzset: 1,
  pgfplotsset: 1,
  usetikzlibrary: 1,
  lstset: 1,
  setcitestyle: 1,
  geometry: 1,
  multicolumn: 2,
  multirow: 2,
  cline: 1,
  cmidrule: 1,
  specialrule: 3,
  footnotemark: 0,
  input: 1,
  include: 1,
  title: 1,
  author: 1,
  date: 1,
  affiliation: 1,
  address: 1,
  email: 1,
  icmltitle: 1,
  icmlauthor: 2,
  icmlaffiliation: 2,
  icmlcorrespondingauthor: 2,
  icmlkeywords: 1,
  keywords: 1,
  setuptodonotes: 1,
  todo: 1,
  newacronym: 3,
  newglossaryentry: 2,
  newabbreviation: 3,
  sisetup: 1,
  renewenvironment: 3,
  newenvironment: 3,
  newcolumntype: 2,
  AtBeginDocument: 1,
  hyphenation: 1,
  vskip: 0,
  phantom: 1,
  hphantom: 1,
  vphantom: 1,
  includepdf: 1,
  orcid: 1,
  thanks: 1,
};

const CITE_COMMANDS = new Set([
  "cite",
  "citep",
  "citet",
  "citealp",
  "citealt",
  "citeauthor",
  "citeyear",
  "citeyearpar",
  "parencite",
  "textcite",
  "autocite",
  "footcite",
  "Cite",
  "Citep",
  "Citet",
  "cites",
]);

const REF_COMMANDS = new Set([
  "ref",
  "cref",
  "Cref",
  "autoref",
  "eqref",
  "pageref",
  "nameref",
  "vref",
  "Vref",
]);

const SYMBOLS: Record<string, string> = {
  times: "×",
  texttimes: "×",
  approx: "≈",
  sim: "~",
  simeq: "≃",
  textasciitilde: "~",
  ldots: "...",
  dots: "...",
  cdots: "...",
  textellipsis: "...",
  cdot: "·",
  pm: "±",
  textpm: "±",
  leq: "≤",
  le: "≤",
  geq: "≥",
  ge: "≥",
  lesssim: "≲",
  gtrsim: "≳",
  ll: "≪",
  gg: "≫",
  neq: "≠",
  to: "→",
  rightarrow: "→",
  Rightarrow: "⇒",
  leftarrow: "←",
  mu: "μ",
  textmu: "μ",
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  epsilon: "ε",
  lambda: "λ",
  sigma: "σ",
  theta: "θ",
  Omega: "Ω",
  infty: "∞",
  degree: "°",
  textdegree: "°",
  euro: "€",
  texteuro: "€",
  pounds: "£",
  textendash: "–",
  textemdash: "—",
  textbar: "|",
  S: "§",
  "%": "%",
  "&": "&",
  _: "_",
  "#": "#",
  $: "$",
  "{": "{",
  "}": "}",
  ",": "\u2009",
  ";": " ",
  ":": " ",
  " ": " ",
  quad: " ",
  qquad: " ",
  enspace: " ",
  thinspace: "\u2009",
  "!": "",
  "-": "",
  "/": "",
  "@": "",
  newline: "\n",
  linebreak: "\n",
  par: "\n\n",
  item: "\n• ",
  LaTeX: "LaTeX",
  TeX: "TeX",
  today: "",
  maketitle: "",
  appendix: "\n\n# Appendix\n\n",
  and: ", ",
  AND: ", ",
  And: ", ",
  hline: "",
  toprule: "",
  midrule: "",
  bottomrule: "",
  centering: "",
  noindent: "",
  clearpage: "\n\n",
  newpage: "\n\n",
  pagebreak: "\n\n",
  tableofcontents: "",
  left: "",
  right: "",
  big: "",
  Big: "",
  bigl: "",
  bigr: "",
  displaystyle: "",
  textstyle: "",
  limits: "",
  nonumber: "",
  notag: "",
};

/** siunitx unit macros, enough for compute quantities (GB, hours, kWh, W, t). */
const SI_UNITS: Record<string, string> = {
  giga: "G",
  mega: "M",
  kilo: "k",
  tera: "T",
  peta: "P",
  milli: "m",
  micro: "μ",
  byte: "B",
  bit: "b",
  hour: "h",
  minute: "min",
  second: "s",
  day: "d",
  watt: "W",
  joule: "J",
  gram: "g",
  tonne: "t",
  ton: "t",
  percent: "%",
  flop: "FLOP",
};

const DROPPED_ENVIRONMENTS = new Set([
  "tikzpicture",
  "pgfpicture",
  "axis",
  "thebibliography",
  "comment",
  "filecontents",
  "filecontents*",
  "forest",
]);
const VERBATIM_ENVIRONMENTS = new Set([
  "verbatim",
  "verbatim*",
  "lstlisting",
  "minted",
  "Verbatim",
  "spverbatim",
]);
const TABULAR_ENVIRONMENTS: Record<string, number> = {
  tabular: 1,
  "tabular*": 2,
  tabularx: 2,
  tabulary: 2,
  longtable: 1,
  array: 1,
  NiceTabular: 1,
  tblr: 1,
  supertabular: 1,
};
const MATH_ENVIRONMENTS = new Set([
  "equation",
  "equation*",
  "align",
  "align*",
  "gather",
  "gather*",
  "multline",
  "multline*",
  "eqnarray",
  "eqnarray*",
  "math",
  "displaymath",
  "flalign",
  "flalign*",
]);
/** Environments whose own first argument is a width or position, not text. */
const ENVIRONMENT_ARGS: Record<string, number> = {
  minipage: 1,
  wrapfigure: 2,
  wraptable: 2,
  subfigure: 1,
  multicols: 1,
  adjustbox: 1,
  tcolorbox: 0,
};

const MAX_MACRO_DEPTH = 20;
/**
 * Bounds that keep the conversion linear in the size of its input, whatever the input: real papers stay far
 * below them, adversarial sources (a million unclosed `\textbf{`, `\section[` without `]`, macros that double at
 * every level) hit them and lose only the pathological part.
 */
/** Converters nested inside one another (arguments converted on their own, math, macro bodies). */
const MAX_NESTING = 48;
/** Characters an optional argument `[...]` may span; a longer one is taken as ordinary text. */
const MAX_OPTIONAL_ARGUMENT = 2000;
/** Once optional-argument scans have read this many characters beyond the source's length, they span at most… */
const OPTIONAL_SCAN_ALLOWANCE = 1_000_000;
/** …this many characters (a thousand `\section[` without `]` must not cost a thousand scans of 2,000). */
const MAX_OPTIONAL_ARGUMENT_AFTER_BUDGET = 64;
/** Characters between `\def\name` and its body's `{`. */
const MAX_DEF_PARAMETERS = 200;
/** Characters all macro expansions together may produce, beyond the source's own length. */
const MACRO_EXPANSION_ALLOWANCE = 1_000_000;
/** A group's closing brace is searched for directly up to this distance, then in a table built once. */
const DIRECT_GROUP_SCAN = 64 * 1024;

class OutputBuffer {
  private parts: string[] = [];
  length = 0;
  readonly segments: Segment[] = [];

  emit(text: string, srcStart: number, fixed: boolean): void {
    if (!text) return;
    const last = this.segments[this.segments.length - 1];
    const contiguous =
      last && !last.fixed && !fixed && last.srcStart + (this.length - last.outStart) === srcStart;
    if (!contiguous) this.segments.push({ outStart: this.length, srcStart, fixed });
    this.parts.push(text);
    this.length += text.length;
  }

  /** The last emitted characters, to avoid stacking blank lines. */
  tail(n: number): string {
    let out = "";
    for (let i = this.parts.length - 1; i >= 0 && out.length < n; i--) out = this.parts[i] + out;
    return out.slice(-n);
  }

  toString(): string {
    return this.parts.join("");
  }
}

interface ConverterState {
  macros: Map<string, MacroDefinition>;
  acronyms: Map<string, string>;
  out: OutputBuffer;
  footnotes: Array<{ text: string; pos: number }>;
  macroDepth: number;
  /** Converters currently nested (see MAX_NESTING). */
  nesting: number;
  /** Characters macro expansions may still produce. */
  expansionBudget: number;
  /** Characters optional-argument scans may still read at full length. */
  optionalScanBudget: number;
  /** Limits hit, once each, for the loader's warning. */
  limits: Set<string>;
  /** Per source string: matching closing brace of each opening brace (-1: unclosed), built on first need. */
  braceTables: Map<string, Int32Array>;
  /** Per source string and token: the last search (`from`, found `at` or -1), so repeated searches stay linear. */
  searches: Map<string, Map<string, { from: number; at: number }>>;
}

/** Matching closing brace of every opening brace of `src`, with LaTeX's escapes (`\{` is not a brace). */
function braceTable(src: string): Int32Array {
  const table = new Int32Array(src.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 92 /* \ */) {
      i++;
      continue;
    }
    if (c === 123 /* { */) open.push(i);
    else if (c === 125 /* } */) {
      const at = open.pop();
      if (at !== undefined) table[at] = i;
    }
  }
  return table;
}

class LatexConverter {
  private pos: number;
  private tabularDepth = 0;
  private mathDepth = 0;

  constructor(
    private readonly src: string,
    private readonly state: ConverterState,
    /** When set, everything this converter emits maps to this source offset (macro expansions). */
    private readonly fixedPos: number | null,
    start = 0,
    private readonly end = src.length,
  ) {
    this.pos = start;
  }

  private emit(text: string, srcPos: number): void {
    if (this.fixedPos !== null) this.state.out.emit(text, this.fixedPos, true);
    else this.state.out.emit(text, srcPos, false);
  }

  private paragraphBreak(srcPos: number): void {
    const tail = this.state.out.tail(2);
    if (tail !== "\n\n" && this.state.out.length > 0) this.emit(tail.endsWith("\n") ? "\n" : "\n\n", srcPos);
    this.flushFootnotes();
  }

  private flushFootnotes(): void {
    if (this.state.footnotes.length === 0) return;
    const notes = this.state.footnotes.splice(0);
    for (const note of notes) {
      this.emit(note.text.trim(), note.pos);
      this.emit("\n\n", note.pos);
    }
  }

  /** Converts until `stop` (exclusive) or the end; returns when a closing brace of this group is met. */
  run(): void {
    while (this.pos < this.end) {
      const ch = this.src[this.pos] as string;
      if (ch === "\\") {
        this.command();
      } else if (ch === "{" || ch === "}") {
        // A plain group adds nothing to the text: its braces are dropped (no recursion, so nesting is free).
        this.pos++;
      } else if (ch === "$") {
        this.inlineMath();
      } else if (ch === "%") {
        while (this.pos < this.end && this.src[this.pos] !== "\n") this.pos++;
      } else if (ch === "~") {
        this.emit(" ", this.pos++);
      } else if (ch === "&") {
        this.emit(this.tabularDepth > 0 ? " | " : "&", this.pos++);
      } else if ((ch === "^" || ch === "_") && this.mathDepth > 0) {
        this.emit(ch, this.pos++);
      } else if (ch === "\n") {
        const start = this.pos;
        let newlines = 0;
        while (this.pos < this.end && /\s/.test(this.src[this.pos] as string)) {
          if (this.src[this.pos] === "\n") newlines++;
          this.pos++;
        }
        if (newlines >= 2 && this.mathDepth === 0) this.paragraphBreak(start);
        else this.emit(" ", start);
      } else {
        const start = this.pos;
        while (this.pos < this.end && !/[\\{}$%~&\n^_]/.test(this.src[this.pos] as string)) this.pos++;
        if (this.pos === start) {
          this.emit(ch, this.pos++);
        } else {
          this.emit(this.src.slice(start, this.pos), start);
        }
      }
    }
  }

  private skipSpaces(): void {
    while (this.pos < this.end && /[ \t]/.test(this.src[this.pos] as string)) this.pos++;
  }

  private skipWhitespace(): void {
    while (this.pos < this.end && /\s/.test(this.src[this.pos] as string)) this.pos++;
  }

  /** Reads a balanced `{...}` group; returns its inner range, or null if the next token is not a group. */
  private readGroup(): { start: number; end: number } | null {
    this.skipWhitespace();
    if (this.src[this.pos] !== "{") {
      // A single-token argument, as in \frac12 or \textbf x.
      if (this.pos < this.end && this.src[this.pos] !== "}" && this.src[this.pos] !== "\\") {
        const start = this.pos++;
        return { start, end: this.pos };
      }
      if (this.src[this.pos] === "\\") {
        const start = this.pos++;
        while (this.pos < this.end && /[A-Za-z@]/.test(this.src[this.pos] as string)) this.pos++;
        if (this.pos === start + 1) this.pos++;
        return { start, end: this.pos };
      }
      return null;
    }
    const start = this.pos + 1;
    const open = this.pos;
    const directEnd = Math.min(this.end, open + DIRECT_GROUP_SCAN);
    let depth = 0;
    for (; this.pos < directEnd; this.pos++) {
      const c = this.src[this.pos];
      if (c === "\\") {
        this.pos++;
        continue;
      }
      if (c === "{") depth++;
      else if (c === "}") {
        depth--;
        if (depth === 0) {
          this.pos++;
          return { start, end: this.pos - 1 };
        }
      }
    }
    if (directEnd < this.end) {
      // A long or unclosed group: the table answers in constant time, so a million unclosed groups stay linear.
      let table = this.state.braceTables.get(this.src);
      if (!table) {
        table = braceTable(this.src);
        this.state.braceTables.set(this.src, table);
      }
      const close = table[open] ?? -1;
      if (close >= 0 && close < this.end) {
        this.pos = close + 1;
        return { start, end: close };
      }
    }
    this.pos = this.end;
    return { start, end: this.end };
  }

  /** `src.indexOf(token, from)` bounded by this converter's end, remembered so repeated searches stay linear. */
  private find(token: string, from: number): number {
    let bySource = this.state.searches.get(this.src);
    if (!bySource) {
      bySource = new Map();
      this.state.searches.set(this.src, bySource);
    }
    const last = bySource.get(token);
    let at: number;
    if (last && last.from <= from && (last.at < 0 || from <= last.at)) at = last.at;
    else {
      at = this.src.indexOf(token, from);
      bySource.set(token, { from, at });
    }
    return at < 0 || at > this.end ? -1 : at;
  }

  private readOptional(): { start: number; end: number } | null {
    const save = this.pos;
    this.skipWhitespace();
    if (this.src[this.pos] !== "[") {
      this.pos = save;
      return null;
    }
    const start = this.pos + 1;
    const span =
      this.state.optionalScanBudget > 0 ? MAX_OPTIONAL_ARGUMENT : MAX_OPTIONAL_ARGUMENT_AFTER_BUDGET;
    const limit = Math.min(this.end, start + span);
    let depth = 0;
    for (; this.pos < limit; this.pos++) {
      const c = this.src[this.pos];
      if (c === "{") depth++;
      else if (c === "}") depth--;
      else if (c === "]" && depth === 0) {
        this.state.optionalScanBudget -= this.pos - start;
        this.pos++;
        return { start, end: this.pos - 1 };
      }
    }
    this.state.optionalScanBudget -= this.pos - start;
    this.pos = save;
    return null;
  }

  private raw(range: { start: number; end: number } | null): string {
    return range ? this.src.slice(range.start, range.end) : "";
  }

  /** Converts a range of this source as text, in place. */
  private convertRange(range: { start: number; end: number } | null): void {
    if (!range) return;
    if (this.state.nesting >= MAX_NESTING) {
      this.state.limits.add(`nesting deeper than ${MAX_NESTING} levels; the innermost part was skipped`);
      return;
    }
    const child = new LatexConverter(this.src, this.state, this.fixedPos, range.start, range.end);
    child.tabularDepth = this.tabularDepth;
    child.mathDepth = this.mathDepth;
    this.state.nesting++;
    child.run();
    this.state.nesting--;
  }

  /** Converts a range to a string without emitting it (for footnotes and headings). */
  private convertToString(range: { start: number; end: number } | null): string {
    if (!range) return "";
    const saved = this.state.out;
    const buffer = new OutputBuffer();
    this.state.out = buffer;
    const savedFootnotes = this.state.footnotes;
    this.state.footnotes = [];
    this.convertRange(range);
    this.state.out = saved;
    this.state.footnotes = savedFootnotes;
    return buffer.toString();
  }

  private command(): void {
    const start = this.pos;
    this.pos++;
    let name: string;
    if (/[A-Za-z@]/.test(this.src[this.pos] ?? "")) {
      const nameStart = this.pos;
      while (this.pos < this.end && /[A-Za-z@]/.test(this.src[this.pos] as string)) this.pos++;
      name = this.src.slice(nameStart, this.pos);
      if (this.src[this.pos] === "*") this.pos++;
    } else {
      name = this.src[this.pos] ?? "";
      this.pos++;
      if (name === "\\") {
        this.readOptional();
        this.emit("\n", start);
        return;
      }
      if (name === "," && /\d$/.test(this.state.out.tail(1)) && /\d/.test(this.src[this.pos] ?? "")) {
        return; // a thin space between digit groups: 10\,000 reads as 10000
      }
      if (name === "(" || name === "[") {
        this.delimitedMath(name === "(" ? "\\)" : "\\]");
        return;
      }
      if (name === ")" || name === "]") return;
      if ("'`^\"~=.uvHckbdrt".includes(name) && name.length === 1) {
        // Accents: keep the base letter.
        const arg = this.readGroup();
        this.emit(this.raw(arg).replace(/[{}\\]/g, ""), start);
        return;
      }
    }
    this.dispatch(name, start);
  }

  private dispatch(name: string, start: number): void {
    const user = this.state.macros.get(name);
    if (user) return this.expandMacro(user, start);

    if (name in SECTION_LEVELS) {
      this.readOptional();
      const title = this.convertToString(this.readGroup()).replace(/\s+/g, " ").trim();
      this.paragraphBreak(start);
      this.emit(`${"#".repeat(SECTION_LEVELS[name] as number)} ${title}\n\n`, start);
      return;
    }
    if (name === "begin") return this.beginEnvironment(start);
    if (name === "end") {
      this.readGroup();
      this.paragraphBreakIfBlock();
      return;
    }
    if (
      name === "newcommand" ||
      name === "renewcommand" ||
      name === "providecommand" ||
      name === "DeclareRobustCommand"
    )
      return this.defineNewcommand();
    if (name === "def" || name === "gdef" || name === "edef") return this.defineDef();
    if (name === "newacronym" || name === "newabbreviation") return this.defineAcronym();
    if (CITE_COMMANDS.has(name)) {
      this.readOptional();
      this.readOptional();
      this.readGroup();
      this.emit("[cite]", start);
      return;
    }
    if (REF_COMMANDS.has(name)) {
      this.readGroup();
      this.emit("?", start);
      return;
    }
    if (name === "footnote" || name === "footnotetext") {
      this.readOptional();
      const text = this.convertToString(this.readGroup());
      if (text.trim()) this.state.footnotes.push({ text, pos: start });
      return;
    }
    if (name === "caption" || name === "subcaption") {
      this.readOptional();
      const text = this.convertToString(this.readGroup()).replace(/\s+/g, " ").trim();
      this.paragraphBreak(start);
      this.emit(`${text}\n\n`, start);
      return;
    }
    if (name === "num" || name === "qty" || name === "SI" || name === "si" || name === "numrange") {
      this.readOptional();
      const first = this.readGroup();
      if (name === "si") {
        this.emit(siUnitText(this.raw(first)), start);
        return;
      }
      const value = this.raw(first).replace(/\s+/g, "").replace(/\\,/g, "");
      if (name === "numrange") {
        this.emit(`${value}-${this.raw(this.readGroup()).trim()}`, start);
        return;
      }
      this.emit(value, start);
      if (name === "SI" || name === "qty") this.emit(` ${siUnitText(this.raw(this.readGroup()))}`, start);
      return;
    }
    if (/^answer(Yes|No|NA|TODO)$/.test(name)) {
      const answer = name.slice(6) === "NA" ? "N/A" : name.slice(6);
      this.emit(`[${answer}] `, start);
      this.convertRange(this.readGroup());
      return;
    }
    if (name === "gls" || name === "Gls" || name === "glspl" || name === "Glspl" || /^ac[a-z]*$/.test(name)) {
      const key = this.raw(this.readGroup()).trim();
      const short = this.state.acronyms.get(key) ?? key;
      this.emit(name.endsWith("pl") || name === "acp" ? `${short}s` : short, start);
      return;
    }
    if (name === "url" || name === "nolinkurl") {
      this.emit(this.raw(this.readGroup()), start);
      return;
    }
    if (name === "textsuperscript") {
      this.emit("^", start);
      this.convertRange(this.readGroup());
      return;
    }
    if (name === "frac" || name === "tfrac" || name === "dfrac") {
      const numerator = this.convertToString(this.readGroup());
      const denominator = this.convertToString(this.readGroup());
      this.emit(`${numerator}/${denominator}`, start);
      return;
    }
    if (name === "verb") {
      const delimiter = this.src[this.pos];
      const close = delimiter ? this.find(delimiter, this.pos + 1) : -1;
      if (close > 0) {
        this.emit(this.src.slice(this.pos + 1, close), this.pos + 1);
        this.pos = close + 1;
      }
      return;
    }
    if (name in SKIP_ARGS) {
      this.readOptional();
      for (let i = 0; i < (SKIP_ARGS[name] as number); i++) {
        this.readGroup();
        this.readOptional();
      }
      return;
    }
    if (name in SYMBOLS) {
      const symbol = SYMBOLS[name] as string;
      if (symbol === "\n\n" || symbol.startsWith("\n\n#")) this.paragraphBreak(start);
      this.emit(symbol.startsWith("\n\n#") ? symbol.slice(2) : symbol === "\n\n" ? "" : symbol, start);
      // A control word eats the spaces after it (\LaTeX is).
      if (/^[A-Za-z]+$/.test(name) && symbol && !symbol.endsWith("\n")) this.skipSpaces();
      return;
    }
    // Unknown command (a style like \textbf, or a macro we do not know): drop its name and optional arguments,
    // keep the text of its mandatory arguments, which the main loop reads as plain groups.
    this.readOptional();
  }

  private paragraphBreakIfBlock(): void {
    // \end of a block environment ends its paragraph; inline ones are rare in papers.
    this.paragraphBreak(this.pos);
  }

  private beginEnvironment(start: number): void {
    const env = this.raw(this.readGroup()).trim();
    const endToken = `\\end{${env}}`;
    const findEnd = (): number => {
      // Nested environments of the same name are rare for the ones we skip; the first match is good enough.
      const index = this.find(endToken, this.pos);
      return index < 0 ? this.end : index;
    };
    if (DROPPED_ENVIRONMENTS.has(env)) {
      this.pos = Math.min(this.end, findEnd() + endToken.length);
      return;
    }
    if (VERBATIM_ENVIRONMENTS.has(env)) {
      this.readOptional();
      if (env === "minted") this.readGroup();
      const close = findEnd();
      this.paragraphBreak(start);
      this.emit(this.src.slice(this.pos, close).replace(/^\n/, ""), this.pos);
      this.pos = Math.min(this.end, close + endToken.length);
      this.paragraphBreak(this.pos);
      return;
    }
    if (env in TABULAR_ENVIRONMENTS) {
      this.readOptional();
      for (let i = 0; i < (TABULAR_ENVIRONMENTS[env] as number); i++) this.readGroup();
      const close = findEnd();
      this.paragraphBreak(start);
      this.tabularDepth++;
      this.convertRange({ start: this.pos, end: close });
      this.tabularDepth--;
      this.pos = Math.min(this.end, close + endToken.length);
      this.paragraphBreak(this.pos);
      return;
    }
    if (MATH_ENVIRONMENTS.has(env)) {
      const close = findEnd();
      this.mathDepth++;
      this.emit(" ", start);
      this.convertRange({ start: this.pos, end: close });
      this.emit(" ", close);
      this.mathDepth--;
      this.pos = Math.min(this.end, close + endToken.length);
      return;
    }
    if (env === "abstract") {
      this.paragraphBreak(start);
      this.emit("# Abstract\n\n", start);
      return;
    }
    if (env === "document") return;
    this.readOptional();
    for (let i = 0; i < (ENVIRONMENT_ARGS[env] ?? 0); i++) this.readGroup();
    if (/^(figure|table|itemize|enumerate|description|center|algorithm|algorithmic)/.test(env)) {
      this.paragraphBreak(start);
    }
  }

  private inlineMath(): void {
    const start = this.pos;
    const display = this.src[this.pos + 1] === "$";
    const delimiter = display ? "$$" : "$";
    this.pos += delimiter.length;
    let close = this.pos;
    for (; close < this.end; close++) {
      if (this.src[close] === "\\") {
        close++;
        continue;
      }
      if (this.src.startsWith(delimiter, close)) break;
    }
    close = Math.min(close, this.end);
    this.mathDepth++;
    this.convertRange({ start: this.pos, end: close });
    this.mathDepth--;
    this.pos = Math.min(this.end, close + delimiter.length);
    if (display) this.emit(" ", start);
  }

  private delimitedMath(closing: string): void {
    const close = this.find(closing, this.pos);
    const end = close < 0 ? this.end : close;
    this.mathDepth++;
    this.convertRange({ start: this.pos, end });
    this.mathDepth--;
    this.pos = Math.min(this.end, end + closing.length);
  }

  private defineNewcommand(): void {
    this.skipWhitespace();
    let nameRange: { start: number; end: number } | null;
    if (this.src[this.pos] === "{") nameRange = this.readGroup();
    else nameRange = this.readGroup();
    const name = this.raw(nameRange).trim().replace(/^\\/, "");
    const argsRange = this.readOptional();
    const defaultRange = argsRange ? this.readOptional() : null;
    const body = this.readGroup();
    if (!name || !body) return;
    this.state.macros.set(name, {
      args: argsRange ? Number.parseInt(this.raw(argsRange), 10) || 0 : 0,
      defaultArg: defaultRange ? this.raw(defaultRange) : null,
      body: this.raw(body),
    });
  }

  private defineDef(): void {
    this.skipWhitespace();
    const nameStart = this.pos;
    if (this.src[this.pos] === "\\") this.pos++;
    while (this.pos < this.end && /[A-Za-z@]/.test(this.src[this.pos] as string)) this.pos++;
    const name = this.src.slice(nameStart, this.pos).replace(/^\\/, "");
    const paramsStart = this.pos;
    const paramsLimit = Math.min(this.end, paramsStart + MAX_DEF_PARAMETERS);
    while (this.pos < paramsLimit && this.src[this.pos] !== "{") this.pos++;
    if (this.src[this.pos] !== "{") return;
    const args = (this.src.slice(paramsStart, this.pos).match(/#\d/g) ?? []).length;
    const body = this.readGroup();
    if (name && body) this.state.macros.set(name, { args, defaultArg: null, body: this.raw(body) });
  }

  private defineAcronym(): void {
    this.readOptional();
    const key = this.raw(this.readGroup()).trim();
    const short = this.convertToString(this.readGroup()).trim();
    this.readGroup();
    if (key && short) this.state.acronyms.set(key, short);
  }

  private expandMacro(macro: MacroDefinition, start: number): void {
    if (this.state.macroDepth >= MAX_MACRO_DEPTH) return;
    if (this.state.nesting >= MAX_NESTING) {
      this.state.limits.add(`nesting deeper than ${MAX_NESTING} levels; the innermost part was skipped`);
      return;
    }
    const args: string[] = [];
    for (let i = 0; i < macro.args; i++) {
      if (i === 0 && macro.defaultArg !== null) {
        const optional = this.readOptional();
        args.push(optional ? this.raw(optional) : macro.defaultArg);
        continue;
      }
      args.push(this.raw(this.readGroup()));
    }
    const body = macro.body.replace(/#(\d)/g, (_, n: string) => args[Number(n) - 1] ?? "");
    // Macros that call each other several times per level grow exponentially: expansions share one budget.
    this.state.expansionBudget -= body.length + 1;
    if (this.state.expansionBudget < 0) {
      this.state.limits.add("macro expansions over the budget; further macros were not expanded");
      return;
    }
    this.state.macroDepth++;
    this.state.nesting++;
    const child = new LatexConverter(body, this.state, this.fixedPos ?? start);
    child.tabularDepth = this.tabularDepth;
    child.mathDepth = this.mathDepth;
    child.run();
    this.state.nesting--;
    this.state.macroDepth--;
    if (macro.args === 0) this.skipSpaces();
  }

  /** Reads the one command at the current position (registers a preamble definition). */
  readOneCommand(): void {
    this.command();
  }

  finish(): void {
    this.flushFootnotes();
  }
}

function siUnitText(units: string): string {
  let text = "";
  for (const match of units.matchAll(/\\([A-Za-z]+)|([^\\\s{}]+)/g)) {
    if (match[1]) text += SI_UNITS[match[1]] ?? (match[1] === "per" ? "/" : "");
    else if (match[2]) text += match[2];
  }
  return text;
}

/** Collects macro and acronym definitions from the preamble without emitting anything. */
function collectDefinitions(preamble: string, state: ConverterState): void {
  const saved = state.out;
  state.out = new OutputBuffer();
  for (const match of preamble.matchAll(
    /\\(newcommand|renewcommand|providecommand|DeclareRobustCommand|def|gdef|newacronym|newabbreviation)(?![A-Za-z])/g,
  )) {
    new LatexConverter(preamble, state, 0, match.index, preamble.length).readOneCommand();
  }
  state.out = saved;
}

/**
 * Converts a flattened LaTeX source to text: the preamble contributes only its macro definitions, the body
 * (between `\begin{document}` and `\end{document}`, or everything for a fragment) becomes text.
 */
export function latexToText(source: string): LatexText {
  const state: ConverterState = {
    macros: new Map(),
    acronyms: new Map(),
    out: new OutputBuffer(),
    footnotes: [],
    macroDepth: 0,
    nesting: 0,
    expansionBudget: source.length + MACRO_EXPANSION_ALLOWANCE,
    optionalScanBudget: source.length + OPTIONAL_SCAN_ALLOWANCE,
    limits: new Set(),
    braceTables: new Map(),
    searches: new Map(),
  };
  const begin = source.search(/\\begin\s*\{document\}/);
  let bodyStart = 0;
  if (begin >= 0) {
    collectDefinitions(source.slice(0, begin), state);
    bodyStart = source.indexOf("}", begin) + 1;
  }
  const endMatch = source.slice(bodyStart).search(/\\end\s*\{document\}/);
  const bodyEnd = endMatch >= 0 ? bodyStart + endMatch : source.length;
  const converter = new LatexConverter(source, state, null, bodyStart, bodyEnd);
  converter.run();
  converter.finish();
  const out = state.out;
  const text = out.toString();
  const segments = out.segments;
  return {
    text,
    limits: [...state.limits],
    sourceOffsetAt(outputOffset: number): number {
      let lo = 0;
      let hi = segments.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((segments[mid] as Segment).outStart <= outputOffset) lo = mid;
        else hi = mid - 1;
      }
      const segment = segments[lo];
      if (!segment) return 0;
      // Synthetic text (a paragraph break after an unclosed group) can run past the source's end: clamp.
      const offset = segment.fixed ? segment.srcStart : segment.srcStart + (outputOffset - segment.outStart);
      return Math.min(offset, source.length);
    },
  };
}
