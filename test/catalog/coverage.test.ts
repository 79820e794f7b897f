import { describe, expect, it } from "@jest/globals";
import { lookupHardware } from "../../src/catalog/index.js";

describe("TPU slice spellings", () => {
  it("reads a slice written without 'TPU' but with its pod/slice words", () => {
    expect(lookupHardware("v4-128 pod slice")).toMatchObject({
      entry: { id: "google-tpu-v4" },
      slice_cores: 128,
      slice_chips: 64,
    });
  });

  it("reads a slice glued to 'TPU'", () => {
    expect(lookupHardware("TPUv4-128")).toMatchObject({ entry: { id: "google-tpu-v4" }, slice_cores: 128 });
    expect(lookupHardware("TPUv3-8")).toMatchObject({ entry: { id: "google-tpu-v3" }, slice_chips: 4 });
  });

  it("leaves a GPU name with a dash and a number alone", () => {
    expect(lookupHardware("V100-32")).toBeNull();
  });
});
