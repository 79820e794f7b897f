/**
 * Training loops read by use, not by name: the loop that runs the training step (`loss.backward()`,
 * `optimizer.step()`, `train_step(...)`) says what its bound counts.
 * - `for epoch in range(N)` around a pass over the data (or named like epochs) → epochs = N;
 * - `for it in range(N)` / `while step < N` with the step directly in its body → steps = N, whatever N's name
 *   (a flag called `--epochs` that bounds an optimisation-step loop counts steps);
 * - `if step >= N: break` inside the training loop → N bounds it the same way;
 * - simple sums are evaluated (`range(opt.epoch_count, opt.niter + opt.niter_decay + 1)` → 200); when a `range`
 *   names options the file does not define (the parser is in an options module it imports), it stays open for
 *   the repository's resolution, which sees every module's parameters;
 * - one pass over a data loader with the step inside, with no outer loop anywhere → epochs = 1, weakly;
 * - a hand-written minibatch loop, `for b in range(0, len(idx), B)` slicing `[b:b + B]`, with the step inside →
 *   batch_size = B.
 * Bounds are resolved from literals, module constants, the file's own command-line defaults, the enclosing
 * function's parameter defaults and its earlier literal assignments. Only the outermost training loop is read.
 */
import type { Node } from "web-tree-sitter";
import type { Fact, FactField } from "../../../domain/facts.js";
import type { FactTag } from "../../../domain/tags.js";
import { codeFact } from "../evidence.js";
import { meaningOfName } from "../names.js";
import type { LinearForm, OpenBound, ScriptParameter } from "../types.js";
import { evaluateLiteral, stringValue, type NameResolver } from "./literals.js";

/** A loop bound read from the code's own structure: as trusted as a module constant. */
export const LOOP_BOUND_CONFIDENCE = 0.6;
/** A loop bound read from a command-line default whose name means another field: a launch may override it. */
export const OVERRIDABLE_BOUND_CONFIDENCE = 0.45;
/** One pass over the data, implied by the absence of an outer loop: a weak candidate, below the summary's bar. */
export const SINGLE_PASS_CONFIDENCE = 0.45;

/**
 * The training step: a backward pass, an optimiser step, a framework's train step, or the pix2pix/CycleGAN
 * model's `optimize_parameters()` (forward, backward and step in one call; that code base is forked widely).
 */
const TRAINING_STEP =
  /\.backward\(|\b(?:optimizer|optimiser|optim|opt)\w*\.step\(|\btrain_(?:one_)?step\w*\(|\.train_step\(|\btrain_on_batch\(|\.apply_gradients\(|\.minimize\(|\bupdate_step\(|\.optimize_parameters\(/;
/** Calls that run a whole epoch (their own loop over the data is elsewhere). */
const EPOCH_CALL = /\b\w*train\w*epoch\w*\(|\b\w*epoch\w*train\w*\(|\brun_epoch\(/i;
const EPOCH_VARIABLE = /epoch|^ep$|^e$|^ep_|_ep$/i;
/**
 * Counters of optimisation steps that the code increments itself (`while step < total_steps:`, `if it >= max_iters:
 * break`): a data loop inside one is what a step counts, never a pass over the data. A `for` loop's own variable
 * counts its iterations, each of which may be a whole pass (`for iteration in range(30): for x in loader:`).
 */
const STEP_VARIABLE =
  /^(?:global_|train_|cur_|curr_|current_|n_|num_)?(?:steps?|iters?|iterations?|itr|it|updates?)$/i;
/** Loop variables of repetitions, seeds, folds and tasks: not the training length; read inside them. */
const REPEAT_VARIABLE = /run|seed|trial|fold|repeat|^rep|^exp|task|^k$|^_k$|model|lr|config|split/i;
/** Iterables that are a pass over the training data. */
const DATA_ITERABLE = /loader|dataset|data|batch|train|dl\b|iterator|generator|gen\b/i;
const EVALUATION_ITERABLE = /val|test|eval/i;
const LOOP_TYPES = ["for_statement", "while_statement"];
/** Loops read per file at most (generated code can hold thousands). */
const MAX_LOOPS = 400;

interface Bound {
  value: number;
  /** How the value was found: tags for the fact. */
  sources: Set<FactTag>;
  /** The single name the bound is (`args.epochs` → "epochs"), when it is one name. */
  name: string | null;
}

export interface LoopContext {
  path: string;
  lines: string[];
  mapLine: (line: number) => number;
  parameters: ScriptParameter[];
  resolve: NameResolver;
}

export function loopFacts(root: Node, context: LoopContext): { facts: Fact[]; open: OpenBound[] } {
  const loops = root.descendantsOfType(LOOP_TYPES).slice(0, MAX_LOOPS);
  const facts: Fact[] = [];
  const open: OpenBound[] = [];
  const claimed: Node[] = [];
  let anyTrainingLoop = false;
  const dataPasses: Node[] = [];
  for (const loop of loops) {
    const body = loop.childForFieldName("body");
    if (!body || (!TRAINING_STEP.test(body.text) && !EPOCH_CALL.test(body.text))) continue;
    if (claimed.some((outer) => contains(outer, loop))) continue;
    if (insideModelOrInference(loop)) continue;
    anyTrainingLoop = true;
    const reading = readLoop(loop, body, context);
    if (reading === "descend") continue;
    claimed.push(loop);
    if (reading === "data") {
      dataPasses.push(loop);
      continue;
    }
    if (!reading) continue;
    if ("open" in reading) {
      open.push({
        field: reading.field,
        line: context.mapLine(loop.startPosition.row + 1),
        snippet: context.lines[loop.startPosition.row] ?? "",
        raw: reading.node.text.slice(0, 120),
        ...reading.open,
      });
      continue;
    }
    const { field, bound, node } = reading;
    const named = bound.name ? meaningOfName(bound.name) : null;
    if (named && named.field === field && named.weight >= 1) continue; // already read under its name
    // A command-line default that a launch line overrides under its own name (`--epochs 40`) is stale here: the
    // override reaches the named fact, not this one. Keep it as a weak candidate.
    const stale = !!named && bound.sources.has("default");
    facts.push(
      codeFact({
        field,
        value: bound.value,
        raw: `${node.text.slice(0, 120)} = ${bound.value}`,
        confidence: stale ? OVERRIDABLE_BOUND_CONFIDENCE : LOOP_BOUND_CONFIDENCE,
        file: context.path,
        line: context.mapLine(loop.startPosition.row + 1),
        snippet: context.lines[loop.startPosition.row] ?? "",
        // The flag's name lets resolution see a launch that overrides it (`--epochs 40` replaces this bound).
        tags: ["loop_bound", ...bound.sources, ...(stale ? [`key:${bound.name}` as const] : [])],
      }),
    );
  }
  const single = singlePass(dataPasses, anyTrainingLoop, facts, root, context);
  const strides = loops.flatMap((loop) => minibatchStride(loop, context) ?? []);
  return { facts: [...facts, ...(single ? [single] : []), ...strides], open };
}

/**
 * A hand-written minibatch loop: `for b in range(0, len(idx), 1024): j = idx[b:b + 1024]` with the training step in
 * its body steps through the data a batch at a time, so its stride is the batch size. Only a stride over the data's
 * length (`len(...)`, `.shape[0]`, `.size(0)`) whose body slices from the loop variable: a stride over anything
 * else (`range(0, 100, 10)` logging every tenth epoch) is no batch.
 */
function minibatchStride(loop: Node, context: LoopContext): Fact | null {
  if (loop.type !== "for_statement") return null;
  const body = loop.childForFieldName("body");
  const variable = loop.childForFieldName("left");
  const args = rangeCall(loop.childForFieldName("right") ?? loop);
  if (!body || !args || variable?.type !== "identifier" || !TRAINING_STEP.test(body.text)) return null;
  const items = positional(args);
  if (items.length !== 3 || items[0]!.text !== "0" || !DATA_LENGTH.test(items[1]!.text)) return null;
  const slice = new RegExp(String.raw`\[\s*${variable.text}\s*:\s*${variable.text}\s*\+`);
  if (!slice.test(body.text)) return null;
  const stride = evaluateBound(items[2]!, loop, context);
  if (!stride || !Number.isInteger(stride.value) || stride.value < 2) return null;
  return codeFact({
    field: "batch_size",
    value: stride.value,
    raw: `${items[2]!.text} = ${stride.value}`,
    confidence: LOOP_BOUND_CONFIDENCE,
    file: context.path,
    line: context.mapLine(loop.startPosition.row + 1),
    snippet: context.lines[loop.startPosition.row] ?? "",
    tags: ["per_device", "loop_bound", ...stride.sources],
  });
}
/** The length of the data a minibatch loop steps through. */
const DATA_LENGTH = /\blen\(|\.shape\[0\]|\.size\(0\)|\.size\(\)\[0\]/;

type Reading =
  | { field: FactField; bound: Bound; node: Node }
  | { field: OpenBound["field"]; open: Pick<OpenBound, "stop" | "start" | "startFallback">; node: Node }
  | "descend"
  | "data"
  | null;

function readLoop(loop: Node, body: Node, context: LoopContext): Reading {
  if (loop.type === "for_statement") {
    const variable = loop.childForFieldName("left")?.text ?? "";
    const iterable = loop.childForFieldName("right");
    if (!iterable) return null;
    const range = rangeCall(iterable);
    if (!range) {
      if (EVALUATION_ITERABLE.test(iterable.text) && !/train/i.test(iterable.text)) return null;
      if (!DATA_ITERABLE.test(iterable.text)) return "descend";
      // In a pass over the data each iteration is a batch: a break bound there counts steps.
      const capped = breakBound(loop, body, "", context);
      return capped && typeof capped === "object" ? { ...capped, field: "steps" } : "data";
    }
    if (REPEAT_VARIABLE.test(variable) && !EPOCH_VARIABLE.test(variable)) return "descend";
    const bound = rangeLength(range, loop, context);
    const field = fieldOf(variable, body, false);
    if (bound && field) return { field, bound, node: range };
    const capped = breakBound(loop, body, variable, context);
    if (capped || bound || (field !== "epochs" && field !== "steps")) return capped;
    const open = openRange(range, loop, context);
    return open ? { field, open, node: range } : null;
  }
  // while step < N / while N > step / while True with `if step >= N: break`
  const condition = loop.childForFieldName("condition");
  const compared = condition ? comparison(condition) : null;
  if (compared) {
    const bound = evaluateBound(compared.limit, loop, context);
    const field = fieldOf(compared.counter, body, true);
    if (bound && field) {
      if (compared.inclusive) bound.value += 1;
      return { field, bound, node: condition! };
    }
    // `while it <= opt.niter` over options an imported module defines: open for the repository's resolution.
    if (!bound && (field === "epochs" || field === "steps")) {
      const stop = linearBound(compared.limit, loop, context);
      if (stop && Object.keys(stop.options).length > 0) {
        const limit = compared.inclusive ? { ...stop, constant: stop.constant + 1 } : stop;
        return { field, open: { stop: limit, start: null, startFallback: 0 }, node: condition! };
      }
    }
  }
  return breakBound(loop, body, compared?.counter ?? "", context) ?? "descend";
}

/**
 * `if step >= N: break` (or `> N`, `== N`) in the loop's own body. Not an early-stopping patience
 * (`if bad_epochs >= patience: break`): a counter set back to 0 in the loop counts no iterations.
 */
function breakBound(loop: Node, body: Node, variable: string, context: LoopContext): Reading {
  for (const statement of body.descendantsOfType("if_statement")) {
    if (!same(enclosingLoop(statement), loop)) continue;
    const consequence = statement.childForFieldName("consequence");
    if (!consequence || !/^\s*break\b/m.test(consequence.text) || consequence.namedChildCount > 3) continue;
    const condition = statement.childForFieldName("condition");
    const compared = condition ? comparison(condition, true) : null;
    if (!compared) continue;
    if (compared.counter && (PATIENCE_NAME.test(compared.counter) || resetInLoop(compared.counter, body)))
      continue;
    const bound = evaluateBound(compared.limit, loop, context);
    const field = fieldOf(compared.counter || variable, body, Boolean(compared.counter));
    if (bound && field) return { field, bound, node: condition! };
  }
  return null;
}

/** Counters of an early stop: `patience_counter`, `bad_epochs`, `epochs_no_improve`, `wait`, `stale`. */
const PATIENCE_NAME = /patience|no_?improve|bad_epochs?|not_improved|early_?stop|^wait$|stale|trigger_times/i;

/** `counter = 0` somewhere in the loop's body: a counter reset on improvement. */
function resetInLoop(counter: string, body: Node): boolean {
  const name = counter.replace(/[.[\]]/g, (c) => `\\${c}`);
  return new RegExp(`(?:^|[^\\w.])${name}\\s*=\\s*0\\b`, "m").test(body.text);
}

/** What a loop's iterations count: epochs when named so or when each iteration is a pass over the data. */
function fieldOf(variable: string, body: Node, counter: boolean): FactField | null {
  if (EPOCH_VARIABLE.test(variable)) return "epochs";
  const nested = body.descendantsOfType(LOOP_TYPES);
  const steps = stepRows(body);
  const direct = steps.filter(
    (row) => !nested.some((inner) => row >= inner.startPosition.row && row <= inner.endPosition.row),
  );
  if (direct.length > 0) return "steps";
  const counted = counter && STEP_VARIABLE.test(variable);
  if (!counted && EPOCH_CALL.test(body.text)) return "epochs";
  const dataLoop = nested.some((inner) => {
    if (inner.type !== "for_statement") return false;
    const iterable = inner.childForFieldName("right");
    return (
      !!iterable &&
      !rangeCall(iterable) &&
      DATA_ITERABLE.test(iterable.text) &&
      TRAINING_STEP.test(inner.text)
    );
  });
  if (!dataLoop) return null;
  return counted ? "steps" : "epochs";
}

function stepRows(body: Node): number[] {
  const rows: number[] = [];
  const text = body.text;
  const pattern = new RegExp(TRAINING_STEP.source, "g");
  for (const match of text.matchAll(pattern)) {
    const before = text.slice(0, match.index ?? 0);
    rows.push(body.startPosition.row + (before.match(/\n/g)?.length ?? 0));
  }
  return rows;
}

/** `range(...)`, also wrapped: `tqdm(range(...))`, `trange(...)`, `enumerate(range(...))`. */
function rangeCall(node: Node): Node | null {
  if (node.type !== "call") return null;
  const fn = node.childForFieldName("function")?.text ?? "";
  const args = node.childForFieldName("arguments");
  if (!args) return null;
  if (fn === "range" || fn === "trange" || fn.endsWith(".trange")) return args;
  if (/(?:^|\.)(?:tqdm|enumerate|auto_tqdm|progress_bar|track)$/.test(fn)) {
    const first = positional(args)[0];
    return first ? rangeCall(first) : null;
  }
  return null;
}

/** The number of iterations of `range(stop)` / `range(start, stop)`. */
function rangeLength(args: Node, loop: Node, context: LoopContext): Bound | null {
  const items = positional(args);
  if (items.length === 1) return evaluateBound(items[0]!, loop, context);
  if (items.length === 2 || (items.length === 3 && items[2]!.text === "1")) {
    const stop = evaluateBound(items[1]!, loop, context);
    if (!stop) return null;
    const start = evaluateBound(items[0]!, loop, context);
    // An unknown start (`range(start_epoch, N)`) is a resume point: the run counts from 0, or from 1 when the
    // stop is written `N + 1`.
    const startValue = start ? start.value : /\+\s*1\s*$/.test(items[1]!.text) ? 1 : 0;
    const value = stop.value - startValue;
    if (!(value > 0)) return null;
    const sources = new Set([...stop.sources, ...(start?.sources ?? [])]);
    return { value, sources, name: startValue === 0 ? stop.name : null };
  }
  return null;
}

/** Names of a parsed-options object: `opt`, `train_opt`, `args`, `self.opt`, `cfg`, `FLAGS`, `hparams`. */
const OPTIONS_OBJECT =
  /^(?:self\.)?(?:opts?|options|train_opts?|args|arguments|flags|hparams|hyperparams|hps?|cfg|config|conf)$/i;

/**
 * `range(...)`'s stop and start when they name options this file does not define. An unreadable start is a resume
 * point, as in `rangeLength`. Null when nothing is open (or a bound is not a sum).
 */
function openRange(
  args: Node,
  loop: Node,
  context: LoopContext,
): Pick<OpenBound, "stop" | "start" | "startFallback"> | null {
  const items = positional(args);
  let open: Pick<OpenBound, "stop" | "start" | "startFallback"> | null = null;
  if (items.length === 1) {
    const stop = linearBound(items[0]!, loop, context);
    open = stop && { stop, start: null, startFallback: 0 };
  } else if (items.length === 2 || (items.length === 3 && items[2]!.text === "1")) {
    const stop = linearBound(items[1]!, loop, context);
    const startFallback = /\+\s*1\s*$/.test(items[1]!.text) ? 1 : 0;
    open = stop && { stop, start: linearBound(items[0]!, loop, context), startFallback };
  }
  const names = open ? [...Object.keys(open.stop.options), ...Object.keys(open.start?.options ?? {})] : [];
  return names.length > 0 ? open : null;
}

/** A sum of numbers and options as a constant plus option name → coefficient; null for anything else. */
function linearBound(node: Node, loop: Node, context: LoopContext, depth = 0): LinearForm | null {
  if (depth > 6) return null;
  const known = evaluateBound(node, loop, context);
  if (known) return { constant: known.value, options: {} };
  switch (node.type) {
    case "parenthesized_expression": {
      const inner = node.namedChildren[0];
      return inner ? linearBound(inner, loop, context, depth + 1) : null;
    }
    case "binary_operator": {
      const operator = node.childForFieldName("operator")?.text;
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      if (!left || !right || (operator !== "+" && operator !== "-")) return null;
      const a = linearBound(left, loop, context, depth + 1);
      const b = linearBound(right, loop, context, depth + 1);
      return a && b ? combine(a, b, operator === "+" ? 1 : -1) : null;
    }
    case "identifier": {
      const option = aliasedOption(node.text, loop);
      return option ? { constant: 0, options: { [option]: 1 } } : null;
    }
    case "attribute": {
      // `opt.niter`, `self.opt.niter`: an option read off a parsed-arguments object. Other objects' attributes
      // (`self.total`, `dataset.size`) are the program's own state, whatever option shares their name.
      const object = node.childForFieldName("object");
      const name = node.childForFieldName("attribute")?.text;
      if (!object || !name || !OPTIONS_OBJECT.test(object.text)) return null;
      return { constant: 0, options: { [name]: 1 } };
    }
    default:
      return null;
  }
}

/** a + sign × b; an option whose coefficients cancel is dropped. */
function combine(a: LinearForm, b: LinearForm, sign: 1 | -1): LinearForm {
  const options = { ...a.options };
  for (const [name, coefficient] of Object.entries(b.options)) {
    const sum = (options[name] ?? 0) + sign * coefficient;
    if (sum === 0) delete options[name];
    else options[name] = sum;
  }
  return { constant: a.constant + sign * b.constant, options };
}

interface Comparison {
  counter: string;
  limit: Node;
  inclusive: boolean;
}

/** `step < N`, `N > step`, `step <= N`; with `orEqual`, also the break forms `step >= N`, `step == N`. */
function comparison(condition: Node, breakForm = false): Comparison | null {
  const node = condition.type === "parenthesized_expression" ? condition.namedChildren[0] : condition;
  if (!node || node.type !== "comparison_operator") return null;
  const operands = node.namedChildren.filter((c): c is Node => !!c);
  if (operands.length !== 2) return null;
  const operator = node.text
    .slice(operands[0]!.endIndex - node.startIndex, operands[1]!.startIndex - node.startIndex)
    .trim();
  const [a, b] = operands as [Node, Node];
  const counterName = (n: Node) =>
    n.type === "identifier" || n.type === "attribute" ? lastName(n.text) : null;
  if (!breakForm) {
    if (operator === "<" || operator === "<=") {
      const counter = counterName(a);
      return counter ? { counter, limit: b, inclusive: operator === "<=" } : null;
    }
    if (operator === ">" || operator === ">=") {
      const counter = counterName(b);
      return counter ? { counter, limit: a, inclusive: operator === ">=" } : null;
    }
    return null;
  }
  if (operator === ">=" || operator === "==" || operator === ">") {
    const counter = counterName(a);
    return counter ? { counter, limit: b, inclusive: false } : null;
  }
  return null;
}

/**
 * The value of a bound expression: numbers, + - * //, module constants, the file's command-line defaults
 * (`args.X`, `opt.X`, `FLAGS.X`, `cfg["X"]`), the enclosing function's defaults and earlier literal assignments.
 */
function evaluateBound(node: Node, loop: Node, context: LoopContext, depth = 0): Bound | null {
  if (depth > 6) return null;
  switch (node.type) {
    case "integer":
    case "float": {
      const value = evaluateLiteral(node);
      return typeof value === "number" ? { value, sources: new Set(), name: null } : null;
    }
    case "parenthesized_expression": {
      const inner = node.namedChildren[0];
      return inner ? evaluateBound(inner, loop, context, depth + 1) : null;
    }
    case "call": {
      const fn = node.childForFieldName("function")?.text;
      const args = node.childForFieldName("arguments");
      const first = args ? positional(args)[0] : undefined;
      if ((fn === "int" || fn === "round") && first) {
        const inner = evaluateBound(first, loop, context, depth + 1);
        return inner ? { ...inner, value: Math.trunc(inner.value) } : null;
      }
      return null;
    }
    case "binary_operator": {
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      const operator = node.childForFieldName("operator")?.text;
      if (!left || !right) return null;
      const a = evaluateBound(left, loop, context, depth + 1);
      const b = evaluateBound(right, loop, context, depth + 1);
      if (!a || !b) return null;
      const value =
        operator === "+"
          ? a.value + b.value
          : operator === "-"
            ? a.value - b.value
            : operator === "*"
              ? a.value * b.value
              : operator === "//" && b.value !== 0
                ? Math.floor(a.value / b.value)
                : NaN;
      if (!Number.isFinite(value)) return null;
      return { value, sources: new Set([...a.sources, ...b.sources]), name: null };
    }
    case "identifier":
      return namedValue(node.text, "identifier", loop, context);
    case "attribute":
      return namedValue(node.childForFieldName("attribute")?.text ?? "", "option", loop, context);
    case "subscript": {
      const index = node.childForFieldName("subscript");
      const key = index ? stringValue(index) : undefined;
      return key ? namedValue(key, "option", loop, context) : null;
    }
    default:
      return null;
  }
}

function namedValue(
  name: string,
  kind: "identifier" | "option",
  loop: Node,
  context: LoopContext,
): Bound | null {
  const number = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);
  if (kind === "identifier") {
    const local = functionValue(name, loop);
    if (local) return { ...local, name };
    // `total_iterations = args.iter` … `while it <= total_iterations`: read as `args.iter` is.
    const option = aliasedOption(name, loop);
    if (option) return namedValue(option, "option", loop, context);
    const constant = number(context.resolve(name, loop));
    if (constant !== null) return { value: constant, sources: new Set(["module_constant"]), name };
  }
  const parameter = context.parameters.find((p) => p.dest === name);
  const value = number(parameter?.defaultValue);
  if (parameter && value !== null) return { value, sources: new Set(["default", parameter.source]), name };
  return null;
}

/** A name's value in the function enclosing `node`: its parameter default, or its last literal assignment above. */
function functionValue(name: string, node: Node): { value: number; sources: Set<FactTag> } | null {
  let fn: Node | null = node.parent;
  while (fn && fn.type !== "function_definition") fn = fn.parent;
  if (!fn) return null;
  const parameters = fn.childForFieldName("parameters");
  for (const parameter of parameters?.namedChildren ?? []) {
    if (
      !parameter ||
      (parameter.type !== "default_parameter" && parameter.type !== "typed_default_parameter")
    )
      continue;
    if (parameter.childForFieldName("name")?.text !== name) continue;
    const value = parameter.childForFieldName("value");
    const literal = value ? evaluateLiteral(value) : undefined;
    return typeof literal === "number" ? { value: literal, sources: new Set(["function_default"]) } : null;
  }
  let found: number | null = null;
  for (const assignment of fn.descendantsOfType("assignment")) {
    if (assignment.startPosition.row >= node.startPosition.row) break;
    if (assignment.childForFieldName("left")?.text !== name) continue;
    const right = assignment.childForFieldName("right");
    const literal = right ? evaluateLiteral(right) : undefined;
    found = typeof literal === "number" ? literal : null;
  }
  return found !== null ? { value: found, sources: new Set(["function_constant"]) } : null;
}

/**
 * The option a local name stands for: the last assignment to it above `node` in the enclosing function reads an
 * option off a parsed-arguments object (`total_iterations = args.iter`, `n = cfg["epochs"]`), and nothing writes the
 * name after it (`n *= len(loader)`, `for n in ...`, `(n := ...)`, `with ... as n`, `n, m = ...`). Null otherwise.
 */
function aliasedOption(name: string, node: Node): string | null {
  let fn: Node | null = node.parent;
  while (fn && fn.type !== "function_definition") fn = fn.parent;
  if (!fn) return null;
  let option: string | null = null;
  const writes = fn
    .descendantsOfType([
      "assignment",
      "augmented_assignment",
      "for_statement",
      "named_expression",
      "as_pattern",
      "global_statement",
    ])
    .sort((a, b) => (a?.startIndex ?? 0) - (b?.startIndex ?? 0));
  for (const write of writes) {
    if (!write || write.startPosition.row >= node.startPosition.row) continue;
    if (write.type === "assignment" && write.childForFieldName("left")?.text === name) {
      option = optionRead(write.childForFieldName("right"));
      continue;
    }
    const target =
      write.type === "assignment" || write.type === "augmented_assignment" || write.type === "for_statement"
        ? write.childForFieldName("left")
        : write.type === "named_expression"
          ? write.childForFieldName("name")
          : write.type === "as_pattern"
            ? write.childForFieldName("alias")
            : write;
    if (target && writesName(target, name)) option = null;
  }
  return option;
}

/** True when an assignment target (or a `global` statement) names `name`, alone or in a tuple or list. */
function writesName(target: Node, name: string): boolean {
  if (target.type === "identifier") return target.text === name;
  if (target.type === "attribute" || target.type === "subscript") return false;
  return target.namedChildren.some((child) => child !== null && writesName(child, name));
}

/** `args.iter`, `self.opt.niter`, `cfg["epochs"]` → the option's name; null for anything else. */
function optionRead(node: Node | null): string | null {
  if (node?.type === "attribute") {
    const object = node.childForFieldName("object");
    return object && OPTIONS_OBJECT.test(object.text)
      ? (node.childForFieldName("attribute")?.text ?? null)
      : null;
  }
  if (node?.type === "subscript") {
    const value = node.childForFieldName("value");
    const index = node.childForFieldName("subscript");
    return value && index && OPTIONS_OBJECT.test(value.text) ? (stringValue(index) ?? null) : null;
  }
  return null;
}

/**
 * One pass over the data: training-data loops with the step inside and no loop around them, when the file has no
 * other training loop and sets no epochs; at module level, or in a function called once, outside any loop.
 */
function singlePass(
  dataPasses: Node[],
  anyTrainingLoop: boolean,
  facts: Fact[],
  root: Node,
  context: LoopContext,
): Fact | null {
  if (!anyTrainingLoop || dataPasses.length !== 1 || facts.some((f) => f.field === "epochs")) return null;
  const loop = dataPasses[0]!;
  if (enclosingLoop(loop)) return null;
  const body = loop.childForFieldName("body");
  if (!body || !TRAINING_STEP.test(body.text)) return null;
  if (/\bbreak\b/.test(body.text)) return null; // a step-capped pass
  // A run counted in steps (`--num_train_iterations`, `for i_step, batch in ...`): the loader yields that many
  // batches, and no epoch count is set.
  if (facts.some((f) => f.field === "steps")) return null;
  if (context.parameters.some((p) => /^(?:epochs|steps)$/.test(meaningOfName(p.dest)?.field ?? "")))
    return null;
  let fn: Node | null = loop.parent;
  while (fn && fn.type !== "function_definition") fn = fn.parent;
  if (fn) {
    const name = fn.childForFieldName("name")?.text ?? "";
    if (/epoch/i.test(name)) return null;
    const calls = root
      .descendantsOfType("call")
      .filter((call) => lastName(call.childForFieldName("function")?.text ?? "") === name);
    if (calls.length !== 1 || enclosingLoop(calls[0]!)) return null;
  }
  return codeFact({
    field: "epochs",
    value: 1,
    raw: "one pass over the training data (no outer loop)",
    confidence: SINGLE_PASS_CONFIDENCE,
    file: context.path,
    line: context.mapLine(loop.startPosition.row + 1),
    snippet: context.lines[loop.startPosition.row] ?? "",
    tags: ["implicit_epoch"],
  });
}

/**
 * Functions whose loops optimise something other than the model's weights for the run: planning, attacks,
 * inversion, sampling, evaluation. Methods of a model class (`class Net(nn.Module)`) are read the same way.
 */
const INFERENCE_FUNCTION =
  /plan|predict|infer|generat|sampl|attack|adversar|search|eval|test|valid|decod|forward|invert|inversion|project|reconstruct|compute_action|policy|act$|explain|saliency|calibrat/i;

function insideModelOrInference(loop: Node): boolean {
  for (let current = loop.parent; current; current = current.parent) {
    if (current.type === "function_definition") {
      if (INFERENCE_FUNCTION.test(current.childForFieldName("name")?.text ?? "")) return true;
    } else if (current.type === "class_definition") {
      const bases = current.childForFieldName("superclasses")?.text ?? "";
      return /\b(?:nn\.)?Module\b|\bModel\b|\bLayer\b/.test(bases);
    }
  }
  return false;
}

function enclosingLoop(node: Node): Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === "for_statement" || current.type === "while_statement") return current;
    if (current.type === "function_definition" || current.type === "class_definition") return null;
  }
  return null;
}

function contains(outer: Node, inner: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex && !same(inner, outer);
}

/** Node objects are not identity-stable in web-tree-sitter: compare positions. */
function same(a: Node | null, b: Node | null): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

function positional(args: Node): Node[] {
  return args.namedChildren.filter(
    (child): child is Node => !!child && child.type !== "keyword_argument" && child.type !== "comment",
  );
}

function lastName(text: string): string {
  return text.slice(text.lastIndexOf(".") + 1);
}
