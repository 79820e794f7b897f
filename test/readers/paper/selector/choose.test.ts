import type { Fact } from "../../../../src/domain/facts.js";
import { chooseValues, perEpochTimeOf, type Scored } from "../../../../src/readers/paper/selector/choose.js";

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

  it("computes no GPU-hours for a run on a processor, which is not an accelerator", () => {
    const run = (hardware: string, count: number, hours: number) =>
      chooseValues(
        [
          scored("hardware", hardware, 0.95),
          scored("accelerator_count", count, 0.9),
          scored("training_time_hours", hours, 0.95),
        ],
        thresholds,
      );
    const cpu = run("intel-xeon-e5-2690", 1, 8);
    expect(cpu.get("training_time_hours")?.value).toBe(8);
    expect(cpu.has("gpu_hours")).toBe(false);
    // A GPU or a TPU with a count and a time gives its device-hours.
    expect(run("nvidia-a100-80gb", 1, 8).get("gpu_hours")?.value).toBe(8);
    expect(run("google-tpu-v3", 8, 10).get("gpu_hours")?.value).toBe(80);
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
});
