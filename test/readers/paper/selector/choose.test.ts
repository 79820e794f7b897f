import type { Fact } from "../../../../src/domain/facts.js";
import {
  chooseValues,
  perEpochTimeOf,
  ruleFallbacksOf,
  type Scored,
} from "../../../../src/readers/paper/selector/choose.js";

const thresholds = { report: 0.5, confirmed: 0.9 };
let next = 0;
const scored = (
  field: Scored["field"],
  value: number | string,
  probability: number,
  sentence?: number,
): Scored => ({
  field,
  value,
  probability,
  index: next++,
  ...(sentence === undefined ? {} : { sentence }),
});

describe("choosing one value per field from scored candidates", () => {
  it("takes the value the model trusts most, and leaves the field unsaid below the report threshold", () => {
    const chosen = chooseValues(
      [scored("epochs", 10, 0.3), scored("epochs", 100, 0.8), scored("batch_size", 64, 0.49)],
      thresholds,
    );
    expect(chosen.get("epochs")).toMatchObject({ value: 100, probability: 0.8, confirm: true });
    expect(chosen.has("batch_size")).toBe(false);
  });

  it("says found without confirmation at or above the confirmed threshold", () => {
    expect(chooseValues([scored("epochs", 100, 0.95)], thresholds).get("epochs")?.confirm).toBe(false);
  });

  it("a value's evidence is its first trusted statement, spelled as that statement spells it", () => {
    const untrusted = scored("hardware", "nvidia-a100-40gb", 0.2);
    const first = scored("hardware", "nvidia-a100-80gb", 0.6);
    const best = scored("hardware", "nvidia-a100", 0.97);
    const choice = chooseValues([untrusted, first, best], thresholds).get("hardware");
    expect(choice).toMatchObject({ value: "nvidia-a100-80gb", probability: 0.97, index: first.index });
  });

  it("computes GPU-hours from devices × hours when the paper does not state them, as trusted as the weaker", () => {
    const chosen = chooseValues(
      [scored("accelerator_count", 8, 0.95), scored("training_time_hours", 72, 0.7)],
      thresholds,
    );
    expect(chosen.get("gpu_hours")).toEqual({
      value: 576,
      probability: 0.7,
      index: -1,
      note: "8 devices × 72 h",
      confirm: true,
    });
  });

  it("a stated GPU-hours value is kept rather than computed", () => {
    const chosen = chooseValues(
      [
        scored("accelerator_count", 8, 0.95),
        scored("training_time_hours", 72, 0.95),
        scored("gpu_hours", 500, 0.6),
      ],
      thresholds,
    );
    expect(chosen.get("gpu_hours")?.value).toBe(500);
  });

  describe("a training time from the rules' time per epoch × epochs", () => {
    const perEpoch = { hours: 16.5, epochs: 11 };

    it("stands when the paper states no time and the chosen epochs are the ones it multiplied; GPU-hours follow", () => {
      const chosen = chooseValues(
        [scored("epochs", 11, 0.8), scored("accelerator_count", 2, 0.9)],
        thresholds,
        perEpoch,
      );
      expect(chosen.get("training_time_hours")).toEqual({
        value: 16.5,
        probability: 0.8,
        index: -1,
        confirm: true,
      });
      expect(chosen.get("gpu_hours")).toMatchObject({ value: 33, note: "2 devices × 16.5 h" });
    });

    it("is read off the rules' derived time, and only off a derived one", () => {
      const time = (note?: string) => ({
        value: 16.5,
        fact: { field: "training_time_hours", value: 16.5, ...(note ? { note } : {}) } as Fact,
      });
      expect(perEpochTimeOf({ training_time_hours: time("1.5 h per epoch × 11 epochs") })).toEqual(perEpoch);
      expect(perEpochTimeOf({ training_time_hours: time() })).toBeNull();
      expect(perEpochTimeOf({})).toBeNull();
    });

    it("does not stand for other epochs, without chosen epochs, or beside a stated time", () => {
      expect(chooseValues([scored("epochs", 50, 0.8)], thresholds, perEpoch).has("training_time_hours")).toBe(
        false,
      );
      expect(chooseValues([scored("epochs", 11, 0.4)], thresholds, perEpoch).has("training_time_hours")).toBe(
        false,
      );
      const stated = chooseValues(
        [scored("epochs", 11, 0.8), scored("training_time_hours", 20, 0.7)],
        thresholds,
        perEpoch,
      );
      expect(stated.get("training_time_hours")?.value).toBe(20);
    });
  });

  describe("one run, never a mix", () => {
    it("drops a run field stated only in a sentence that gives other values for two other run fields", () => {
      // Sentence 1: the main run (16 A100, batch 512). Sentence 2: a baseline (8 V100, batch 256, 90 epochs).
      const chosen = chooseValues(
        [
          scored("hardware", "nvidia-a100", 0.99, 1),
          scored("accelerator_count", 16, 0.95, 1),
          scored("batch_size", 512, 0.99, 1),
          scored("hardware", "nvidia-v100", 0.4, 2),
          scored("accelerator_count", 8, 0.3, 2),
          scored("batch_size", 256, 0.2, 2),
          scored("epochs", 90, 0.93, 2),
        ],
        thresholds,
      );
      expect(chosen.has("epochs")).toBe(false);
      expect([...chosen.keys()].sort()).toEqual(["accelerator_count", "batch_size", "hardware"]);
    });

    it("keeps it when one other field differs (a per-device batch beside the run's epochs is common)", () => {
      const chosen = chooseValues(
        [scored("batch_size", 512, 0.99, 1), scored("batch_size", 64, 0.2, 2), scored("epochs", 90, 0.93, 2)],
        thresholds,
      );
      expect(chosen.get("epochs")?.value).toBe(90);
    });

    it("keeps it when the sentence also states the chosen values, or another sentence supports it", () => {
      const chosen = chooseValues(
        [
          scored("hardware", "nvidia-a100", 0.99, 1),
          scored("accelerator_count", 16, 0.95, 1),
          scored("hardware", "nvidia-v100", 0.4, 2),
          scored("accelerator_count", 8, 0.3, 2),
          scored("epochs", 90, 0.93, 2),
          scored("epochs", 90, 0.6, 3),
        ],
        thresholds,
      );
      expect(chosen.get("epochs")?.value).toBe(90);
    });
  });

  describe("the rules' choice of a field the selector rarely saw labelled (cloud provider)", () => {
    const rule = (confidence: number) => ({ cloud_provider: { value: "gcp", confidence, index: 7 } });

    it("stands, to confirm, when the selector reports nothing and the rules are sure of it", () => {
      const chosen = chooseValues([scored("cloud_provider", "gcp", 0.3)], thresholds, null, rule(0.88));
      expect(chosen.get("cloud_provider")).toEqual({
        value: "gcp",
        probability: 0.88,
        index: 7,
        confirm: true,
      });
    });

    it("does not stand below the rules' bar, over the selector's own choice, or for other fields", () => {
      expect(chooseValues([], thresholds, null, rule(0.8)).has("cloud_provider")).toBe(false);
      const selected = chooseValues([scored("cloud_provider", "aws", 0.7)], thresholds, null, rule(0.95));
      expect(selected.get("cloud_provider")?.value).toBe("aws");
      const epochs = { epochs: { value: 100, confidence: 0.99, index: 1 } };
      expect(chooseValues([], thresholds, null, epochs).has("epochs")).toBe(false);
    });

    it("is read off the rules' chosen facts, with the candidate's index", () => {
      const fact = { field: "cloud_provider", value: "aws", confidence: 0.92 } as Fact;
      const epochs = { field: "epochs", value: 100, confidence: 0.99 } as Fact;
      expect(
        ruleFallbacksOf(
          { cloud_provider: { value: "aws", fact }, epochs: { value: 100, fact: epochs } },
          (f) => (f === fact ? 3 : -1),
        ),
      ).toEqual({ cloud_provider: { value: "aws", confidence: 0.92, index: 3 } });
    });
  });
});
