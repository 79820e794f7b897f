import { describe, expect, it } from "@jest/globals";
import {
  renderCrossValidation,
  repeatSummary,
  type CrossValidationReport,
} from "../../src/eval/cross-validation.js";

const prf = (precision: number, recall: number, f1: number) => ({ precision, recall, f1 });
const counts = { tp: 8, fp: 2, fn: 2, ...prf(0.8, 0.8, 0.8) };

function report(repeats: CrossValidationReport["repeats"]): CrossValidationReport {
  return {
    kind: "cross_validation",
    folds: 5,
    paper: { cases: 10, sets: { dev: 10 }, fields: { epochs: counts }, micro: counts, thresholds: [] },
    code: null,
    repeats,
    mismatch: null,
    seconds: 1,
  };
}

describe("repeated cross-validation", () => {
  it("summarises the micro figures of every assignment of the cases to folds", () => {
    const summary = repeatSummary([prf(0.8, 0.7, 0.75), prf(0.9, 0.8, 0.85)]);
    expect(summary.f1.mean).toBeCloseTo(0.8);
    expect(summary.f1).toMatchObject({ min: 0.75, max: 0.85 });
    expect(summary.precision.mean).toBeCloseTo(0.85);
  });

  it("prints the mean and the range when there are several assignments, nothing more for one", () => {
    const several = renderCrossValidation(
      report({ paper: [prf(0.8, 0.7, 0.75), prf(0.9, 0.8, 0.85)], code: null }),
    );
    expect(several).toContain(
      "micro over 2 assignments of the cases to folds, mean (lowest-highest): P=0.850 (0.80-0.90) R=0.750 (0.70-0.80) F1=0.800 (0.75-0.85)",
    );
    const one = renderCrossValidation(report({ paper: [prf(0.8, 0.7, 0.75)], code: null }));
    expect(one).not.toContain("assignments");
  });
});
