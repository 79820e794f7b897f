/**
 * Static evaluation of the few Python expressions that hold settings: numbers (with simple arithmetic such as
 * `2 ** 10` or `int(1e5)`), strings, booleans, lists/tuples of those, and names bound to module constants.
 * A conditional expression on a debug switch (`32 if args.quick else 256`) evaluates to the real run's branch.
 * Anything else (calls, attributes, f-strings with fields) is not static and evaluates to undefined.
 */
import type { Node } from "web-tree-sitter";
import { DEBUG_CONDITION } from "../names.js";

export type LiteralValue = number | string | boolean | null | LiteralValue[];

/**
 * Looks up a bare name (module constants); undefined when the name is not a known literal. `at` is the name's node
 * where it is used, when known: a module may bind the name more than once.
 */
export type NameResolver = (name: string, at?: Node) => LiteralValue | undefined;

const MAX_DEPTH = 8;
const MAX_LIST_ITEMS = 64;

export function evaluateLiteral(
  node: Node,
  resolve: NameResolver = () => undefined,
  depth = 0,
): LiteralValue | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (node.type) {
    case "integer":
      return parseInteger(node.text);
    case "float": {
      const value = Number(node.text.replace(/_/g, "").replace(/[jJ]$/, ""));
      return Number.isFinite(value) && !/[jJ]$/.test(node.text) ? value : undefined;
    }
    case "true":
      return true;
    case "false":
      return false;
    case "none":
      return null;
    case "string":
      return stringValue(node);
    case "concatenated_string": {
      const parts = node.namedChildren.map((child) => (child ? stringValue(child) : undefined));
      return parts.every((p) => typeof p === "string") ? (parts as string[]).join("") : undefined;
    }
    case "parenthesized_expression": {
      const inner = node.namedChildren[0];
      return inner ? evaluateLiteral(inner, resolve, depth + 1) : undefined;
    }
    case "unary_operator": {
      const operand = node.childForFieldName("argument");
      const operator = node.childForFieldName("operator")?.text;
      const value = operand ? evaluateLiteral(operand, resolve, depth + 1) : undefined;
      if (typeof value !== "number") return undefined;
      return operator === "-" ? -value : operator === "+" ? value : undefined;
    }
    case "binary_operator":
      return evaluateBinary(node, resolve, depth);
    case "conditional_expression": {
      const split = debugBranches(node);
      return split ? evaluateLiteral(split.real, resolve, depth + 1) : undefined;
    }
    case "identifier":
      return resolve(node.text, node);
    case "list":
    case "tuple": {
      if (node.namedChildCount > MAX_LIST_ITEMS) return undefined; // data, not a setting
      const items = node.namedChildren.map((child) =>
        child ? evaluateLiteral(child, resolve, depth + 1) : undefined,
      );
      return items.every((item) => item !== undefined) ? (items as LiteralValue[]) : undefined;
    }
    case "call": {
      // int(1e5), float("3"), str(GPU_ID): a cast around a literal is still a literal.
      const fn = node.childForFieldName("function")?.text;
      const args = node.childForFieldName("arguments")?.namedChildren ?? [];
      if (fn === "str" && args.length === 1 && args[0]) {
        const value = evaluateLiteral(args[0], resolve, depth + 1);
        return typeof value === "number" || typeof value === "string" ? String(value) : undefined;
      }
      if ((fn === "int" || fn === "float") && args.length === 1 && args[0]) {
        const value = evaluateLiteral(args[0], resolve, depth + 1);
        const number = typeof value === "string" ? Number(value) : value;
        if (typeof number !== "number" || !Number.isFinite(number)) return undefined;
        return fn === "int" ? Math.trunc(number) : number;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The two branches of `A if <debug switch> else B` (`2 if quick else 10`, `args.epochs if not args.debug else 1`):
 * the real run's branch (B, or A when the switch is negated) and the debug run's; null for any other condition,
 * whose branches are two runs of equal standing.
 */
export function debugBranches(node: Node): { real: Node; debug: Node } | null {
  if (node.type !== "conditional_expression") return null;
  const [a, condition, b] = node.namedChildren.filter((n): n is Node => n !== null && n.type !== "comment");
  if (!a || !condition || !b) return null;
  // Only the switch itself or its plain negation: `x is not None`, `not a or b` or `debug != 0` are other tests.
  const negated = condition.type === "not_operator";
  const switchNode = negated ? condition.namedChildren.find((n) => n !== null) : condition;
  if (!switchNode || !/^(?:identifier|attribute|subscript)$/.test(switchNode.type)) return null;
  if (!DEBUG_CONDITION.test(switchNode.text)) return null;
  return negated ? { real: a, debug: b } : { real: b, debug: a };
}

function parseInteger(text: string): number | undefined {
  const clean = text.replace(/_/g, "").replace(/[lL]$/, "");
  const value = /^0[xX]/.test(clean)
    ? parseInt(clean.slice(2), 16)
    : /^0[oO]/.test(clean)
      ? parseInt(clean.slice(2), 8)
      : /^0[bB]/.test(clean)
        ? parseInt(clean.slice(2), 2)
        : Number(clean);
  return Number.isFinite(value) ? value : undefined;
}

/** The value of a plain string literal; undefined for f-strings with replacement fields. */
export function stringValue(node: Node): string | undefined {
  if (node.type !== "string") return undefined;
  let text = "";
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === "interpolation") return undefined;
    if (child.type === "string_content") text += child.text;
    else if (child.type === "escape_sequence") text += unescape(child.text);
  }
  return text;
}

function unescape(sequence: string): string {
  const map: Record<string, string> = { "\\n": "\n", "\\t": "\t", "\\'": "'", '\\"': '"', "\\\\": "\\" };
  return map[sequence] ?? sequence;
}

function evaluateBinary(node: Node, resolve: NameResolver, depth: number): LiteralValue | undefined {
  const left = node.childForFieldName("left");
  const right = node.childForFieldName("right");
  const operator = node.childForFieldName("operator")?.text;
  if (!left || !right || !operator) return undefined;
  const a = evaluateLiteral(left, resolve, depth + 1);
  const b = evaluateLiteral(right, resolve, depth + 1);
  if (typeof a !== "number" || typeof b !== "number") return undefined;
  let value: number;
  switch (operator) {
    case "+":
      value = a + b;
      break;
    case "-":
      value = a - b;
      break;
    case "*":
      value = a * b;
      break;
    case "/":
      value = a / b;
      break;
    case "//":
      value = Math.floor(a / b);
      break;
    case "**":
      value = a ** b;
      break;
    default:
      return undefined;
  }
  return Number.isFinite(value) ? value : undefined;
}

/** The literal as the text a reader would recognise in the source ("200", "[0, 1]", "'cuda:2'"). */
export function literalText(value: LiteralValue): string {
  if (Array.isArray(value)) return `[${value.map(literalText).join(", ")}]`;
  if (typeof value === "string") return value;
  return String(value);
}
