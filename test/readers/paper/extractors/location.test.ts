import { describe, expect, it } from "@jest/globals";
import { locationExtractor } from "../../../../src/readers/paper/extractors/location.js";
import { evidenceText, factsOf, readSection, readText, sentenceView } from "../helpers.js";

/** [field, value, span] of every candidate, in order. */
const located = (text: string, section: Parameters<typeof sentenceView>[1] = {}) =>
  locationExtractor
    .extract(sentenceView(text, section))
    .map((c) => [c.field, c.value, text.slice(c.start, c.end)]);

describe("location extractor: cloud providers and regions", () => {
  it("reads a provider and an AWS region, and the region's country", () => {
    expect(located("We trained all models on AWS p3.16xlarge instances in us-east-1.")).toEqual([
      ["cloud_provider", "aws", "AWS"],
      ["region", "us-east-1", "us-east-1"],
      ["country", "US", "us-east-1"],
    ]);
  });

  it("reads a provider written as a compound ('AWS-hosted') or misspelled ('Google Collaboratory')", () => {
    expect(located("Experiments used a local RTX 3090 and AWS-hosted Tesla T4 GPUs.")).toEqual([
      ["cloud_provider", "aws", "AWS"],
    ]);
    expect(located("All experiments were conducted with a GPU on Google Collaboratory.")).toEqual([
      ["cloud_provider", "colab", "Google Collaboratory"],
    ]);
    // Another compound names something else.
    expect(located("We wrote an AWS-Lambda-like scheduler for training jobs.")).toEqual([]);
  });

  it("reads a Google Cloud region and notes where the country came from", () => {
    const found = locationExtractor.extract(
      sentenceView("Experiments ran on Google Cloud TPUs in europe-west4."),
    );
    expect(found.map((c) => [c.field, c.value, c.raw])).toEqual([
      ["cloud_provider", "gcp", "Google Cloud"],
      ["region", "europe-west4", "europe-west4"],
      ["country", "NL", "europe-west4"],
    ]);
    expect(found[2]?.note).toBe("cloud region europe-west4");
  });

  it("reads an Azure region written as a code", () => {
    expect(located("All runs used Azure VMs in westeurope.")).toEqual([
      ["cloud_provider", "azure", "Azure"],
      ["region", "West Europe", "westeurope"],
      ["country", "NL", "westeurope"],
    ]);
  });

  it("infers the provider from a region when none is named", () => {
    expect(located("We ran experiments in us-central1.")).toEqual([
      ["region", "us-central1", "us-central1"],
      ["country", "US", "us-central1"],
      ["cloud_provider", "gcp", "us-central1"],
    ]);
  });

  it("reads Colab as its own provider", () => {
    expect(located("We ran experiments on Google Colab.")).toEqual([
      ["cloud_provider", "colab", "Google Colab"],
    ]);
  });

  it("is confident about a provider named with compute, not with storage or data", () => {
    const [compute] = locationExtractor.extract(sentenceView("We trained on AWS instances."));
    const [storage] = locationExtractor.extract(
      sentenceView("The dataset was downloaded from an AWS S3 bucket."),
    );
    const [named] = locationExtractor.extract(sentenceView("We thank AWS."));
    expect(compute?.confidence).toBeCloseTo(0.75, 10);
    expect(storage?.confidence).toBeCloseTo(0.15, 10);
    expect(named?.confidence).toBeCloseTo(0.45, 10);
  });

  it("is more confident about compute credits thanked in the acknowledgments", () => {
    const [credits] = locationExtractor.extract(
      sentenceView("We thank Microsoft Azure for compute credits.", {
        section: "acknowledgments",
        sectionTitle: "Acknowledgments",
      }),
    );
    expect(credits?.value).toBe("azure");
    expect(credits?.confidence).toBeCloseTo(0.85, 10);
  });
});

describe("location extractor: computing centres", () => {
  it("reads Jean Zay and IDRIS as the French centre", () => {
    expect(located("Training ran on Jean Zay.")).toEqual([
      ["computing_centre", "idris-jean-zay", "Jean Zay"],
      ["country", "FR", "Jean Zay"],
    ]);
    expect(located("This work was granted access to the HPC resources of IDRIS.")).toEqual([
      ["computing_centre", "idris-jean-zay", "IDRIS"],
      ["country", "FR", "IDRIS"],
    ]);
  });

  it("notes the centre and its city on the country", () => {
    const country = locationExtractor
      .extract(sentenceView("Training ran on Jean Zay."))
      .find((c) => c.field === "country");
    expect(country?.note).toBe("Jean Zay (IDRIS), Orsay");
  });

  it("reads a centre whose name is an ordinary word where it names a machine", () => {
    const countries = (text: string) =>
      located(text)
        .filter(([field]) => field === "country")
        .map(([, value, span]) => `${value}:${span}`);
    expect(countries("We trained the model on Summit.")).toEqual(["US:Summit"]);
    expect(countries("Experiments used 64 nodes of the Theta supercomputer.")).toEqual(["US:Theta"]);
    expect(countries("Training ran on Leonardo.")).toEqual(["IT:Leonardo"]);
    expect(countries("We ran all jobs on the Leonardo Booster partition.")).toEqual(["IT:Leonardo"]);
    expect(countries("We thank the OLCF for time on Frontier and Summit.")).toEqual([
      "US:OLCF",
      "US:Frontier",
      "US:Summit",
    ]);
    expect(countries("Our models were trained with Cedar.")).toEqual(["CA:Cedar"]);
    // A sentence's first word or a lab's name before the machine's is no proper name around it.
    expect(countries("On Summit, each node has six V100 GPUs.")).toEqual(["US:Summit"]);
    expect(countries("The Frontier system provides 4 MI250X GPUs per node.")).toEqual(["US:Frontier"]);
    expect(countries("Our Cedar allocation gave us 4 V100 GPUs.")).toEqual(["CA:Cedar"]);
    expect(countries("Using Polaris, we trained the model for 3 days.")).toEqual(["US:Polaris"]);
    expect(countries("Training was done on the Argonne Theta system.")).toEqual(["US:Theta"]);
  });

  it("reads a distinctive centre name without a compute word beside it", () => {
    expect(
      located("We acknowledge the use of Perlmutter.").map(([field, value]) => `${field}=${value}`),
    ).toEqual(["computing_centre=nersc-perlmutter", "country=US"]);
  });

  it("does not read an ordinary word, a Greek letter or a person's name as a computing centre", () => {
    expect(
      located(
        "Training on EEG bands (Delta, Theta, Alpha, Beta, Gamma) halved the training time to 22 hours.",
      ),
    ).toEqual([]);
    expect(located("EEG bands (Delta, Theta, Alpha) were extracted on 4 GPUs.")).toEqual([]);
    expect(located("Frontier models are trained on thousands of GPUs.")).toEqual([]);
    expect(located("At the AI Safety Summit, governments discussed compute thresholds.")).toEqual([]);
    expect(located("Images generated by Leonardo were the hardest to detect after training.")).toEqual([]);
    expect(located("Leonardo Rossi, Machine Learning Project, trained on a laptop")).toEqual([]);
    expect(located("We thank Leonardo for feedback on the draft.")).toEqual([]);
    expect(located("Access to Frontier language models is limited.")).toEqual([]);
    expect(located("We compare with Polaris [5], trained on medical dialogues.")).toEqual([]);
    // An author of a cited work, whatever the name.
    expect(located("Perlmutter et al. (2020) studied scaling on 8 GPUs.")).toEqual([]);
    // A compute word further than the window from the name does not make it a machine.
    expect(
      located(
        "Summit, the name of our annotation tool for this corpus of long documents, was later used with GPUs.",
      ),
    ).toEqual([]);
    // "on <name>" counts only in a sentence about compute.
    expect(located("We report the results on Summit, the held-out split.")).toEqual([]);
    // SURF is also an image descriptor, named in papers trained anywhere.
    expect(located("We train a classifier on SURF features extracted from every image.")).toEqual([]);
    expect(located("Keypoints are described with SIFT/SURF, ORB and BRIEF before training.")).toEqual([]);
    expect(located("We use 512 SURF descriptors per image to train the model.")).toEqual([]);
  });

  it("reads SURF as the Dutch centre where it names compute", () => {
    expect(
      located("We thank SURF for the support in using the National Supercomputer Snellius.").map(
        ([field, value]) => `${field}=${value}`,
      ),
    ).toEqual(expect.arrayContaining(["computing_centre=surf-snellius", "country=NL"]));
    expect(
      located("Experiments ran on the SURF cluster with 4 A100 GPUs.").map(
        ([field, value]) => `${field}=${value}`,
      ),
    ).toEqual(["computing_centre=surf-snellius", "country=NL"]);
  });
});

describe("location extractor: countries", () => {
  it("reads a country from its grid", () => {
    expect(located("Our cluster is powered by the German grid.")).toEqual([["country", "DE", "German"]]);
    expect(located("The emissions assume the carbon intensity of the French grid.")).toEqual([
      ["country", "FR", "French"],
    ]);
  });

  it("reads a country where a cluster is located", () => {
    expect(located("Our GPU cluster is located in Germany.")).toEqual([["country", "DE", "Germany"]]);
  });

  it("does not read an affiliation's country as where the training ran", () => {
    expect(located("The first author is at RWTH, Aachen, Germany.")).toEqual([]);
    expect(located("Work done at a lab in Aachen, Germany, with GPUs.")).toEqual([]);
    expect(
      located("Ada Lovelace, High Performance Computing Group, RWTH Aachen University, Aachen, Germany"),
    ).toEqual([]);
  });

  it("does not read a country named without a compute or grid cue", () => {
    expect(located("France is a country with nuclear power.")).toEqual([]);
  });
});

describe("location extractor: through the reader", () => {
  it("summarises provider, region and country with evidence on the region", () => {
    const paper = readSection("Compute resources", "We trained all models on AWS instances in us-east-1.");
    expect(paper.summary).toMatchObject({ cloud_provider: "aws", region: "us-east-1", country: "US" });
    const [region] = factsOf(paper, "region");
    expect(region && evidenceText(paper, region)).toBe("us-east-1");
  });

  it("leaves the country empty for an affiliation", () => {
    const paper = readText(
      "TinyNet\n\nAda Lovelace, High Performance Computing Group, Aachen, Germany\n\n# Abstract\n\nWe train nets on our cluster.",
    );
    expect(paper.summary.country).toBeNull();
  });
});
