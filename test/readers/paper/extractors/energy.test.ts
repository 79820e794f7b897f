import { describe, expect, it } from "@jest/globals";
import { energyExtractor } from "../../../../src/readers/paper/extractors/energy.js";
import { candidatesOf, evidenceText, onlyFact, readSection, sentenceView, valueAndSpan } from "../helpers.js";

const energy = (text: string) =>
  candidatesOf(energyExtractor, text, "energy_kwh").map((c) => valueAndSpan(text, c));
const emissions = (text: string) =>
  candidatesOf(energyExtractor, text, "co2e_kg").map((c) => valueAndSpan(text, c));
const all = (text: string) => energyExtractor.extract(sentenceView(text));

describe("energy extractor: energy amounts", () => {
  it.each([
    ["Training consumed 120 kWh of electricity.", 120, "120 kWh"],
    ["In total, all experiments used 1.5 MWh.", 1500, "1.5 MWh"],
    ["The run used 850 Wh of energy.", 0.85, "850 Wh"],
    ["The run used 3.2 kilowatt-hours of energy.", 3.2, "3.2 kilowatt-hours"],
    ["Training used 1,200 kWh overall.", 1200, "1,200 kWh"],
  ])("reads %j as %d kWh", (text, kwh, span) => {
    expect(energy(text)).toEqual([[kwh, span]]);
  });

  it("tags a total and is more confident with a measuring verb", () => {
    const [total] = candidatesOf(energyExtractor, "In total, all experiments used 1.5 MWh.", "energy_kwh");
    const [plain] = candidatesOf(energyExtractor, "The figure shows 1.5 MWh.", "energy_kwh");
    expect(total?.tags).toEqual(["total"]);
    expect(total?.confidence).toBeCloseTo(0.8, 10);
    expect(plain?.tags).toEqual([]);
    expect(plain?.confidence).toBeCloseTo(0.75, 10);
  });

  it("skips energy per query, prices, definitions and analogies", () => {
    expect(all("The model consumed 3 Wh per query.")).toEqual([]);
    expect(all("Electricity costs 0.25 €/kWh in our lab.")).toEqual([]);
    expect(all("Electricity costs 0.25 EUR per kWh.")).toEqual([]);
    expect(all("One kWh equals 3.6 MJ.")).toEqual([]);
    expect(all("This is equivalent to 50 kWh used by a fridge.")).toEqual([]);
  });

  it("penalises a difference between footprints", () => {
    const [saving] = candidatesOf(energyExtractor, "We save 2 kWh compared to BigNet.", "energy_kwh");
    expect(saving?.value).toBe(2);
    expect(saving?.confidence).toBeCloseTo(0.5, 10);
  });
});

describe("energy extractor: emissions", () => {
  it.each([
    ["Our training emitted 2.3 tCO2eq in total.", 2300, "2.3 tCO2eq"],
    ["This corresponds to 450 lbs of CO2 for the project.", 450 * 0.45359237, "450 lbs of CO2"],
    ["The total emissions were 57 kgCO2e", 57, "57 kgCO2e"],
    ["We estimate 3 tonnes of CO2 equivalent emissions.", 3000, "3 tonnes of CO2 equivalent emissions"],
    ["Training used 1,200 kWh, emitting 500 kg of CO2 overall.", 500, "500 kg of CO2"],
  ])("reads %j as %d kgCO2e", (text, kg, span) => {
    const found = emissions(text);
    expect(found.map(([, s]) => s)).toEqual([span]);
    expect(found[0]?.[0] as number).toBeCloseTo(kg, 9);
  });

  it("penalises 'a gap of 20 g' but not an emission of 20 g", () => {
    const [gap] = candidatesOf(
      energyExtractor,
      "Our method closes a gap of 20 g CO2 compared to the baseline.",
      "co2e_kg",
    );
    const [emitted] = candidatesOf(energyExtractor, "We emitted 20 g CO2 in total.", "co2e_kg");
    expect(gap?.value).toBe(0.02);
    expect(gap?.confidence).toBeCloseTo(0.5, 10);
    expect(emitted).toMatchObject({ value: 0.02, tags: ["total"] });
    expect(emitted?.confidence).toBeCloseTo(0.8, 10);
    // A decimal between the difference word and the value does not hide the difference.
    const [saved] = candidatesOf(
      energyExtractor,
      "Our method saves 12.5% of the energy, or 3 kWh.",
      "energy_kwh",
    );
    const [savedWhole] = candidatesOf(
      energyExtractor,
      "Our method saves 12% of the energy, or 3 kWh.",
      "energy_kwh",
    );
    expect(saved?.value).toBe(3);
    expect(saved?.confidence).toBe(savedWhole?.confidence);
  });
});

describe("energy extractor: grid carbon intensity and PUE", () => {
  it("reads an intensity as its own field, never as emissions or energy", () => {
    for (const [text, grams, span] of [
      ["We assume a carbon intensity of 432 gCO2/kWh.", 432, "432 gCO2/kWh"],
      ["The grid emits 0.4 kgCO2e/kWh.", 400, "0.4 kgCO2e/kWh"],
      ["The grid emits 300 gCO2/MWh.", 0.3, "300 gCO2/MWh"],
    ] as const) {
      expect(all(text).map((c) => [c.field, c.value, text.slice(c.start, c.end)])).toEqual([
        ["carbon_intensity", grams, span],
      ]);
    }
  });

  it("reads a PUE", () => {
    expect(all("The data centre has a PUE of 1.1.").map((c) => [c.field, c.value, c.raw])).toEqual([
      ["pue", 1.1, "PUE of 1.1"],
    ]);
  });
});

describe("energy extractor: through the reader", () => {
  it("summarises the project total over a single run", () => {
    const paper = readSection(
      "Environmental impact",
      "One training run consumed 12 kWh. Overall, the project consumed 240 kWh and emitted 60 kg CO2e in total.",
    );
    expect(paper.summary).toMatchObject({ energy_kwh: 240, co2e_kg: 60 });
    const co2 = onlyFact(paper, "co2e_kg");
    expect(evidenceText(paper, co2)).toBe("60 kg CO2e");
  });

  it("does not summarise a difference between footprints", () => {
    const paper = readSection("Results", "Our method closes a gap of 20 g CO2 compared to the baseline.");
    expect(paper.summary.co2e_kg).toBeNull();
  });
});
