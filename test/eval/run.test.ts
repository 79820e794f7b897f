/**
 * `eval` must agree with the reference scorer (../shared/eval/score.py) on the same input: the same counts for the
 * paper fields, the code summary and the paper/code mismatches. The case folder is ours (fixtures/eval/small).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { evaluateCases, renderEvalReport } from "../../src/eval/run.js";

const SCORER = "../shared/eval/score.py";
const CASES = "fixtures/eval/small";

describe("eval --code on a case folder we wrote", () => {
  it("counts the code summary and the cross-check's mismatches", async () => {
    const report = await evaluateCases(CASES, { code: true });
    expect(report.errors).toEqual([]);
    expect(report.fields.code).toMatchObject({ tp: 2, fp: 0, fn: 1 });
    expect(report.fields.mismatch).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    expect(report.mistakes).toContainEqual({
      kind: "FN",
      caseId: "mismatch-epochs",
      field: "code.accelerator_count",
      expected: [4],
    });
    // The micro figure is the paper's; the combined one adds code and mismatches.
    expect(report.micro.tp).toBe(
      Object.entries(report.fields)
        .filter(([f]) => f !== "code" && f !== "mismatch")
        .reduce((n, [, c]) => n + c.tp, 0),
    );
    expect(report.combined?.tp).toBe(report.micro.tp + 3);
  }, 60_000);

  (existsSync(SCORER) ? it : it.skip)(
    "prints what score.py prints, line for line but the timing",
    async () => {
      const reference = spawnSync("python3", [SCORER, CASES, "--code"], {
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(reference.status).toBe(0);
      const ours = renderEvalReport(await evaluateCases(CASES, { code: true }));
      const withoutTiming = (text: string) => text.trim().replace(/, median [\d.]+s\/paper/, "");
      expect(withoutTiming(ours)).toBe(withoutTiming(reference.stdout));
    },
    60_000,
  );
});
