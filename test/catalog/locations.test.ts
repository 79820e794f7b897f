import { describe, expect, it } from "@jest/globals";
import {
  carbonIntensity,
  listCloudProviders,
  listComputingCentres,
  listCountries,
  lookupCloudProvider,
  lookupCloudRegion,
  lookupComputingCentre,
  lookupCountry,
  pueFor,
} from "../../src/catalog/index.js";

describe("countries", () => {
  it("resolves names, adjectives and ISO codes", () => {
    expect(lookupCountry("France")?.iso2).toBe("FR");
    expect(lookupCountry("French")?.iso2).toBe("FR");
    expect(lookupCountry("FRA")?.iso2).toBe("FR");
    expect(lookupCountry("the United States")?.iso2).toBe("US");
    expect(lookupCountry("U.S.")?.iso2).toBe("US");
    expect(lookupCountry("Swiss")?.iso2).toBe("CH");
    expect(lookupCountry("Russia")?.iso3).toBe("RUS");
  });

  it("does not read lower-case words as country codes", () => {
    expect(lookupCountry("us")).toBeNull();
    expect(lookupCountry("it")).toBeNull();
    expect(lookupCountry("Atlantis")).toBeNull();
  });

  it("lists countries with both codes", () => {
    const fr = listCountries().find((c) => c.iso2 === "FR");
    expect(fr).toMatchObject({ iso3: "FRA", name: "France", adjectives: ["French"] });
  });
});

describe("cloud providers and regions", () => {
  it("resolves provider aliases", () => {
    expect(lookupCloudProvider("Amazon Web Services")?.id).toBe("aws");
    expect(lookupCloudProvider("EC2")?.id).toBe("aws");
    expect(lookupCloudProvider("Google Cloud Platform")?.id).toBe("gcp");
    expect(lookupCloudProvider("Google Colab")?.id).toBe("colab");
    expect(lookupCloudProvider("Microsoft Azure")?.id).toBe("azure");
    expect(listCloudProviders().map((p) => p.id)).toEqual(
      expect.arrayContaining(["aws", "gcp", "azure", "lambda"]),
    );
  });

  it("places us-east-1 in Virginia with its own grid figures (region or zone, never the country) and the AWS PUE", () => {
    const region = lookupCloudRegion("us-east-1");
    expect(region).toMatchObject({ provider: "aws", country: "US", zone: "US-VA" });
    expect(region?.pue_figure).toMatchObject({ central: 1.2, level: "provider" });
    expect(["region", "zone"]).toContain(region?.carbon_intensity.level);
    // Year unknown: the range covers the latest years of this place (Green Algorithms 2020, CCF's 2019 figure).
    expect(region?.carbon_intensity).toMatchObject({ year: 2020, low: 308, high: 415.75 });
  });

  it("resolves GCP and Azure codes, including Azure display names", () => {
    expect(lookupCloudRegion("europe-west4")).toMatchObject({ provider: "gcp", country: "NL" });
    expect(lookupCloudRegion("eastus")).toMatchObject({ provider: "azure", zone: "US-VA" });
    expect(lookupCloudRegion("East US", "Azure")?.provider).toBe("azure");
  });

  it("uses the region's own PUE when the table has one", () => {
    expect(lookupCloudRegion("us-central1")?.pue_figure).toMatchObject({ central: 1.11, level: "region" });
  });

  it("returns null for unknown codes and for a provider that lacks the region", () => {
    expect(lookupCloudRegion("mars-north-1")).toBeNull();
    expect(lookupCloudRegion("us-east-1", "gcp")).toBeNull();
  });
});

describe("computing centres", () => {
  it("places Jean Zay / IDRIS in France", () => {
    expect(lookupComputingCentre("Jean Zay")?.country).toBe("FR");
    expect(lookupComputingCentre("IDRIS")?.id).toBe("idris-jean-zay");
  });

  it("knows the named centres with sources", () => {
    const countries = Object.fromEntries(listComputingCentres().map((c) => [c.id, c.country]));
    expect(countries).toMatchObject({
      "jsc-juwels": "DE",
      "ornl-summit": "US",
      "cscs-piz-daint": "CH",
      "nersc-perlmutter": "US",
      "cineca-leonardo": "IT",
      "csc-lumi": "FI",
      abci: "JP",
      "alliance-canada": "CA",
      "bsc-marenostrum": "ES",
    });
    expect(listComputingCentres().every((c) => c.source.length > 0)).toBe(true);
    expect(lookupComputingCentre("Jülich Supercomputing Centre")?.id).toBe("jsc-juwels");
  });
});

describe("carbonIntensity", () => {
  it("uses the training year's figure when there is one (France 2019: 54 g/kWh, OWID/EEA)", () => {
    const ci = carbonIntensity({ country: "FR", year: 2019 });
    expect(ci).toMatchObject({ central: 54, year: 2019, level: "country" });
    expect(ci.low).toBeLessThanOrEqual(54);
    expect(ci.high).toBeGreaterThanOrEqual(54);
  });

  it("prefers a sub-national zone and says when it falls back to the nearest year", () => {
    const ci = carbonIntensity({ zone: "US-CA", year: 2020 });
    expect(ci.zone).toBe("US-CA");
    expect(ci.year).toBe(2020);
    const far = carbonIntensity({ zone: "US-VA", year: 2010 });
    expect(far.notes.join(" ")).toMatch(/nearest year/);
  });

  it("falls back to the world average with a wide range for an unknown place", () => {
    const ci = carbonIntensity({});
    expect(ci).toMatchObject({ central: 475, zone: "WORLD", level: "world" });
    expect(ci.low).toBeLessThan(200);
    expect(ci.high).toBeGreaterThan(600);
  });

  it("uses the latest figure when the year is not given", () => {
    const ci = carbonIntensity({ country: "FR" });
    expect(ci.year).toBeGreaterThanOrEqual(2023);
    expect(ci.notes[0]).toMatch(/latest figure/);
  });
});

describe("pueFor", () => {
  it("prefers a stated PUE, with no range", () => {
    expect(pueFor({ stated: 1.1, provider: "aws" })).toMatchObject({ central: 1.1, low: 1.1, high: 1.1 });
  });

  it("gives 1.0 for a personal machine and 1.56 for an unknown data centre", () => {
    expect(pueFor({ personal: true })).toMatchObject({ central: 1, low: 1, high: 1 });
    expect(pueFor({})).toMatchObject({ central: 1.56, low: 1.1, high: 1.67, level: "unknown" });
  });

  it("uses the infrastructure provider for Colab", () => {
    expect(pueFor({ provider: "Google Colab" })).toMatchObject({ central: 1.12, level: "provider" });
  });
});
