import {
  matchesGold,
  prf,
  scoreField,
  scoreMismatches,
  sumCounts,
  type Counts,
} from "../../src/eval/score.js";

describe("scoring rules shared with ../shared/eval/score.py", () => {
  it("matches hardware when the prediction contains a family key", () => {
    expect(matchesGold("hardware", "nvidia-tesla-v100-32gb", ["v100"])).toBe(true);
    expect(matchesGold("hardware", "nvidia-a100-80gb", ["v100"])).toBe(false);
  });

  it("scores a code field by the rules of its field", () => {
    const counts: Counts = { tp: 0, fp: 0, fn: 0 };
    expect(scoreField(counts, "c", "code.hardware", "nvidia-a100", ["a100", "pvc"])).toBeNull();
    expect(counts).toEqual({ tp: 1, fp: 0, fn: 0 });
  });

  it("matches numbers within 10 % and ranges with 5 % slack", () => {
    expect(matchesGold("epochs", 108, [100])).toBe(true);
    expect(matchesGold("epochs", 111, [100])).toBe(false);
    expect(matchesGold("training_time_hours", 73, [{ min: 60, max: 70 }])).toBe(true);
    expect(matchesGold("training_time_hours", 74, [{ min: 60, max: 70 }])).toBe(false);
  });

  it("counts a prediction on an undisclosed field as a false positive and skips ambiguous labels", () => {
    const counts: Counts = { tp: 0, fp: 0, fn: 0 };
    expect(scoreField(counts, "c", "epochs", 10, null)?.kind).toBe("FP");
    expect(scoreField(counts, "c", "epochs", 10, "skip")).toBeNull();
    expect(scoreField(counts, "c", "epochs", null, [10])?.kind).toBe("FN");
    expect(scoreField(counts, "c", "epochs", 11, [10])).toBeNull();
    expect(scoreField(counts, "c", "epochs", 20, [10])?.kind).toBe("WRONG");
    expect(counts).toEqual({ tp: 1, fp: 2, fn: 2 });
  });

  it("computes precision, recall and F1 with empty denominators scoring 1", () => {
    expect(prf({ tp: 0, fp: 0, fn: 0 })).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(prf({ tp: 3, fp: 1, fn: 1 })).toEqual({ precision: 0.75, recall: 0.75, f1: 0.75 });
  });

  it("adds counts together", () => {
    expect(
      sumCounts([
        { tp: 1, fp: 2, fn: 3 },
        { tp: 10, fp: 0, fn: 1 },
      ]),
    ).toEqual({ tp: 11, fp: 2, fn: 4 });
    expect(sumCounts([])).toEqual({ tp: 0, fp: 0, fn: 0 });
  });

  it("scores a case's mismatches as score.py does: scored fields flagged 'mismatch' against the labelled ones", () => {
    const counts: Counts = { tp: 0, fp: 0, fn: 0 };
    const crosscheck = [
      { field: "epochs", status: "mismatch" },
      { field: "batch_size", status: "mismatch" },
      { field: "params", status: "match" },
      { field: "steps", status: "mismatch" }, // not a scored field
      { field: "accelerator_count", status: "ask" },
    ];
    expect(scoreMismatches(counts, crosscheck, ["accelerator_count", "epochs"])).toEqual([
      { field: "accelerator_count", kind: "FN" },
      { field: "epochs", kind: "TP" },
      { field: "batch_size", kind: "FP" },
    ]);
    expect(counts).toEqual({ tp: 1, fp: 1, fn: 1 });
    expect(scoreMismatches(counts, null, ["params"])).toEqual([{ field: "params", kind: "FN" }]);
    expect(counts).toEqual({ tp: 1, fp: 1, fn: 2 });
  });
});
