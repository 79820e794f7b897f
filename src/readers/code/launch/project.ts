/**
 * spaCy/weasel `project.yml`: each command's `script:` lines are launch lines, with `${vars.x}` substituted from the
 * same file's `vars:` (and `${env.X}` left unresolved). A command named like a variant (`train-debug`,
 * `evaluate-fast`) marks its launches as variants, as a Makefile target does.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import type { ScriptInvocation } from "../types.js";
import { analyzeLaunchLines } from "./shell.js";

const MAX_LINES = 2000;
const VARIABLE = /\$\{vars\.([\w.-]+)\}/g;

/** The launches of a project file's commands, or [] when the file is not a project file with commands. */
export function projectCommandInvocations(path: string, content: string): ScriptInvocation[] {
  if (!/(?:^|\/)project\.ya?ml$/.test(path) || !/^commands\s*:/m.test(content)) return [];
  const counter = new LineCounter();
  let document;
  try {
    document = parseDocument(content, { lineCounter: counter, uniqueKeys: false });
  } catch {
    return [];
  }
  const root = document.contents;
  if (!isMap(root)) return [];
  const vars = new Map<string, string>();
  const collectVars = (node: unknown, prefix: string) => {
    if (isMap(node)) {
      for (const item of node.items) {
        const key = isScalar(item.key) ? String(item.key.value) : null;
        if (key !== null) collectVars(item.value, prefix === "" ? key : `${prefix}.${key}`);
      }
    } else if (isScalar(node) && node.value !== null && prefix !== "") {
      vars.set(prefix, String(node.value));
    }
  };
  collectVars(root.get("vars", true), "");
  const commands = root.get("commands", true);
  if (!isSeq(commands)) return [];
  const lines: { line: number; text: string }[] = [];
  const targets = new Map<number, string>();
  for (const command of commands.items) {
    if (!isMap(command)) continue;
    const name = String((command.get("name") as unknown) ?? "");
    const script = command.get("script", true);
    if (!isSeq(script)) continue;
    for (const item of script.items as YamlNode[]) {
      if (!isScalar(item) || typeof item.value !== "string" || lines.length >= MAX_LINES) continue;
      const line = counter.linePos(item.range?.[0] ?? 0).line;
      const text = item.value
        .replace(/\s*\n\s*/g, " ")
        .replace(VARIABLE, (whole, key: string) => vars.get(key) ?? whole);
      // Each script line is its own command: keep them apart so that one cannot continue another.
      if (lines.length > 0 && lines[lines.length - 1]!.line >= line - 1) lines.push({ line: -1, text: "" });
      lines.push({ line, text });
      targets.set(line, name);
    }
  }
  const slash = path.lastIndexOf("/");
  return analyzeLaunchLines(lines, {
    file: path,
    kind: "yaml",
    baseDir: slash < 0 ? "" : path.slice(0, slash),
    readDirectives: false,
    targets,
    targetRunner: "project run",
  }).invocations;
}
