/**
 * Shell words and operators, enough for launch lines: quotes, backslash escapes, comments, `&&`/`||`/`;`/`|`/`&`.
 * Nothing is expanded or executed; `$VAR` substitution from earlier assignments happens in the caller.
 */

export type ShellToken = { kind: "word"; text: string } | { kind: "operator"; text: string };

/** Splits one logical line into words and control operators; an unquoted `#` starting a word ends the line. */
export function tokenizeShell(line: string): ShellToken[] {
  const tokens: ShellToken[] = [];
  let word = "";
  let inWord = false;
  const flush = () => {
    if (inWord) tokens.push({ kind: "word", text: word });
    word = "";
    inWord = false;
  };
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      const stop = end < 0 ? line.length : end;
      word += line.slice(i + 1, stop);
      inWord = true;
      i = stop;
    } else if (ch === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j += 1) {
        if (line[j] === "\\" && j + 1 < line.length && /["\\$`]/.test(line[j + 1]!)) j += 1;
        word += line[j];
      }
      inWord = true;
      i = j;
    } else if (ch === "\\" && i + 1 < line.length) {
      word += line[i + 1];
      inWord = true;
      i += 1;
    } else if (ch === " " || ch === "\t") {
      flush();
    } else if (ch === "#" && !inWord) {
      break;
    } else if (ch === "&" && inWord && word.endsWith(">")) {
      word += ch; // 2>&1
    } else if (ch === "&" || ch === "|" || ch === ";") {
      flush();
      const two = line.slice(i, i + 2);
      if (two === "&&" || two === "||" || two === ";;") {
        tokens.push({ kind: "operator", text: two });
        i += 1;
      } else if (ch === "&" && line[i + 1] === ">") {
        word = "&";
        inWord = true;
      } else {
        tokens.push({ kind: "operator", text: ch });
      }
    } else {
      word += ch;
      inWord = true;
    }
  }
  flush();
  return tokens;
}

/** Words only, for argument files and option lists. */
export function tokenizeShellWords(line: string): string[] {
  return tokenizeShell(line)
    .filter((t) => t.kind === "word")
    .map((t) => t.text);
}

/** Splits tokens into simple commands at control operators. */
export function splitCommands(tokens: ShellToken[]): string[][] {
  const commands: string[][] = [];
  let current: string[] = [];
  for (const token of tokens) {
    if (token.kind === "operator") {
      if (current.length > 0) commands.push(current);
      current = [];
    } else {
      current.push(token.text);
    }
  }
  if (current.length > 0) commands.push(current);
  return commands;
}

export interface LogicalLine {
  /** 1-based line where the logical line starts. */
  line: number;
  text: string;
}

type QuoteState = "none" | "single" | "double";

/** The quote state at the end of `line`, starting in `state` (a `#` outside quotes ends the line). */
function quoteStateAfter(line: string, state: QuoteState): QuoteState {
  let current = state;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (current === "single") {
      if (ch === "'") current = "none";
    } else if (current === "double") {
      if (ch === "\\") i += 1;
      else if (ch === '"') current = "none";
    } else if (ch === "\\") {
      i += 1;
    } else if (ch === "'") {
      current = "single";
    } else if (ch === '"') {
      current = "double";
    } else if (ch === "#" && (i === 0 || /\s/.test(line[i - 1]!))) {
      break;
    }
  }
  return current;
}

/**
 * Joins backslash-continued lines and quoted strings that span lines (`ARGS="\n  --epochs 3 \\\n"`); each
 * logical line keeps the number of its first physical line.
 */
export function logicalLines(lines: string[]): LogicalLine[] {
  const result: LogicalLine[] = [];
  let start = -1;
  let text = "";
  let quote: QuoteState = "none";
  lines.forEach((raw, index) => {
    const comment = quote === "none" && /^\s*#/.test(raw);
    const continued = !comment && /\\\s*$/.test(raw);
    const piece = continued ? raw.replace(/\\\s*$/, " ") : raw;
    if (start < 0) start = index;
    text += piece;
    quote = comment ? quote : quoteStateAfter(piece, quote);
    if (!continued && quote === "none") {
      result.push({ line: start + 1, text });
      start = -1;
      text = "";
    } else if (!continued) {
      text += " "; // a newline inside quotes separates words
    }
  });
  if (start >= 0) result.push({ line: start + 1, text });
  return result;
}
