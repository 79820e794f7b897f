import { existsSync } from "node:fs";
import { evaluateCases } from "../../../src/eval/run.js";

// The labelled dev papers live outside the project (../shared is present here and in CI). The dev set grew from
// 23 to 67 papers; the rules were tuned on the first 23, so this is a fit figure, not a generalisation figure.
// The floor is today's honest level (micro P=0.87 R=0.73 F1=0.79) less a small margin, until the
// cross-validated guard of the trained selector replaces it.
const DEV = "../shared/eval/dev";
const MICRO_F1_FLOOR = 0.78;
const PRECISION_FLOOR = 0.86;

(existsSync(`${DEV}/cases.json`) ? describe : describe.skip)(
  "accuracy of the paper reader on the dev set",
  () => {
    it(`keeps micro-F1 >= ${MICRO_F1_FLOOR} and precision >= ${PRECISION_FLOOR}`, async () => {
      const report = await evaluateCases(DEV);
      expect(report.errors).toEqual([]);
      expect(report.micro.f1).toBeGreaterThanOrEqual(MICRO_F1_FLOOR);
      expect(report.micro.precision).toBeGreaterThanOrEqual(PRECISION_FLOOR);
    }, 120_000);
  },
);
