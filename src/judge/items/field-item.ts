/**
 * The common shape of an item that one fact answers (hardware, accelerator count, model size): disclosed when
 * the declaration or the paper states it (the declaration's value first: it is the authority), inferred when only
 * the code shows it, inconsistent when the paper or the code disagrees with the declaration or with each other,
 * missing otherwise.
 */
import type { FactField } from "../../domain/facts.js";
import { codeFact, declaredFact, paperFact } from "../../select/selection.js";
import type { CheckContext } from "../context.js";
import { declarationConflict } from "./declaration-conflict.js";
import { describeValue, uniqueEvidence, whereOf } from "./describe.js";
import type { ChecklistItem, ItemOutcome } from "./types.js";

export interface FieldItemSpec {
  id: string;
  title: string;
  field: FactField;
  /** What the paper should say, for the "missing" message ("the accelerator model"). */
  noun: string;
}

export function evaluateField(context: CheckContext, spec: FieldItemSpec): ItemOutcome {
  const declared = declaredFact(context, spec.field);
  const paper = paperFact(context, spec.field);
  const code = codeFact(context, spec.field);
  const values = {
    declared: declared?.value ?? null,
    paper: paper?.value ?? null,
    code: code?.value ?? null,
  };
  const evidence = uniqueEvidence([declared, paper, code].filter((f) => f !== null).map((f) => f.evidence));
  const conflict = declarationConflict(context, [spec.field]);
  if (conflict) return { ...conflict, values };
  const mismatch = context.crosscheck.find((e) => e.field === spec.field && e.status === "mismatch");
  if (mismatch && mismatch.paper && mismatch.code) {
    return {
      status: "inconsistent",
      message: `The paper says ${describeValue(spec.field, mismatch.paper.value)} (${whereOf(mismatch.paper.evidence)}) but the code sets ${describeValue(spec.field, mismatch.code.value)} (${whereOf(mismatch.code.evidence)}).`,
      values,
      evidence: [mismatch.paper.evidence, mismatch.code.evidence],
    };
  }
  if (declared && paper) {
    return {
      status: "disclosed",
      message: `${describeValue(spec.field, declared.value)} (${whereOf(declared.evidence)}; the paper: ${whereOf(paper.evidence)}).`,
      values,
      evidence,
    };
  }
  if (paper) {
    return {
      status: "disclosed",
      message: `${describeValue(spec.field, paper.value)} (${whereOf(paper.evidence)}).`,
      values,
      evidence,
    };
  }
  if (declared) {
    return {
      status: "disclosed",
      message: `${describeValue(spec.field, declared.value)}, declared in ${declared.evidence.kind === "declaration" ? declared.evidence.file : "footprint.yml"}; state it in the paper too.`,
      values,
      evidence,
    };
  }
  if (code) {
    return {
      status: "inferred",
      message: `The code shows ${describeValue(spec.field, code.value)} (${whereOf(code.evidence)}), but the paper does not say ${spec.noun}.`,
      values,
      evidence,
    };
  }
  return { status: "missing", message: `The paper does not say ${spec.noun}.`, values, evidence };
}

export function fieldItem(spec: FieldItemSpec): ChecklistItem {
  return { id: spec.id, title: spec.title, evaluate: (context) => evaluateField(context, spec) };
}
