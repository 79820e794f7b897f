/**
 * The `check` pipeline end to end on the repositories we wrote (fixtures/check/*, fixtures/demo) under every
 * venue profile, and `buildCheckReport` on readers' output we build by hand.
 */
import { chosenFrom } from "../helpers/chosen.js";
import { paperFact as buildPaperFact } from "../helpers/facts.js";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { CodeReport } from "../../src/readers/code/index.js";
import { buildCheckReport, runCheck, type CheckSources } from "../../src/pipeline.js";
import type { CheckReport, ChecklistItemResult } from "../../src/judge/types.js";
import { InputError } from "../../src/domain/errors.js";
import {
  emptySummary,
  type Fact,
  type FactField,
  type FactValue,
  type Summary,
} from "../../src/domain/facts.js";
import type { PaperReport } from "../../src/readers/paper/index.js";
import type { VenueAnswer } from "../../src/readers/paper/venue-checklist.js";

const FIXTURES = {
  demo: "fixtures/demo",
  "all-disclosed": "fixtures/check/all-disclosed",
  "nothing-disclosed": "fixtures/check/nothing-disclosed",
  "declaration-invalid": "fixtures/check/declaration-invalid",
  "code-missing": "fixtures/check/code-missing",
  "paper-missing": "fixtures/check/paper-missing",
} as const;
type FixtureName = keyof typeof FIXTURES;
const PROFILES = ["generic", "neurips", "acl", "aaai", "pineau"] as const;
type ProfileName = (typeof PROFILES)[number];

const reports = new Map<string, CheckReport>();

function reportOf(fixture: FixtureName, profile: ProfileName = "generic"): CheckReport {
  const report = reports.get(`${fixture}/${profile}`);
  if (!report) throw new Error(`no report for ${fixture}/${profile}`);
  return report;
}

function item(report: CheckReport, id: string): ChecklistItemResult {
  const found = report.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id} in ${report.profile}`);
  return found;
}

beforeAll(async () => {
  for (const [name, dir] of Object.entries(FIXTURES))
    for (const profile of PROFILES) reports.set(`${name}/${profile}`, await runCheck({ dir, profile }));
});

describe("verdicts", () => {
  const VERDICTS: Record<FixtureName, Record<ProfileName, CheckReport["verdict"]>> = {
    demo: {
      generic: "inconsistent",
      neurips: "inconsistent",
      acl: "inconsistent",
      aaai: "inconsistent",
      pineau: "inconsistent",
    },
    "all-disclosed": {
      generic: "complete",
      neurips: "complete",
      acl: "complete",
      aaai: "complete",
      pineau: "complete",
    },
    "nothing-disclosed": {
      generic: "incomplete",
      neurips: "incomplete",
      acl: "incomplete",
      aaai: "incomplete",
      pineau: "incomplete",
    },
    "declaration-invalid": {
      generic: "inconsistent",
      neurips: "inconsistent",
      acl: "inconsistent",
      aaai: "inconsistent",
      pineau: "inconsistent",
    },
    "code-missing": {
      generic: "complete",
      neurips: "incomplete",
      acl: "incomplete",
      aaai: "incomplete",
      pineau: "incomplete",
    },
    "paper-missing": {
      generic: "incomplete",
      neurips: "incomplete",
      acl: "incomplete",
      aaai: "incomplete",
      pineau: "incomplete",
    },
  };
  const cases = Object.entries(VERDICTS).flatMap(([fixture, byProfile]) =>
    Object.entries(byProfile).map(([profile, verdict]) => [fixture, profile, verdict] as const),
  );

  it.each(cases)("%s under %s is %s", (fixture, profile, verdict) => {
    const report = reportOf(fixture as FixtureName, profile as ProfileName);
    expect(report.profile).toBe(profile);
    expect(report.verdict).toBe(verdict);
  });
});

describe("headlines", () => {
  it.each([
    [
      "demo",
      "generic",
      "Compute disclosure inconsistent: 3 of 4 required items disclosed; 1 inconsistent (consistency)",
    ],
    [
      "demo",
      "neurips",
      "Compute disclosure inconsistent: 6 of 8 required items disclosed; 1 missing (total compute); 1 inconsistent (consistency)",
    ],
    [
      "demo",
      "acl",
      "Compute disclosure inconsistent: 3 of 5 required items disclosed; 1 missing (total compute); 1 inconsistent (consistency)",
    ],
    [
      "demo",
      "aaai",
      "Compute disclosure inconsistent: 2 of 4 required items disclosed; 1 missing (runs); 1 inconsistent (consistency)",
    ],
    [
      "demo",
      "pineau",
      "Compute disclosure inconsistent: 3 of 5 required items disclosed; 1 missing (runs); 1 inconsistent (consistency)",
    ],
    ["all-disclosed", "neurips", "Compute disclosure complete: 8 of 8 required items disclosed"],
    [
      "nothing-disclosed",
      "neurips",
      "Compute disclosure incomplete: 0 of 7 required items disclosed; 7 missing (hardware, accelerator count, memory, location, training time, total compute, venue answer)",
    ],
    [
      "declaration-invalid",
      "generic",
      "Compute disclosure inconsistent: 1 of 3 required items disclosed; 2 missing (accelerator count, training time); footprint.yml has 4 errors",
    ],
    [
      "code-missing",
      "neurips",
      "Compute disclosure incomplete: 3 of 7 required items disclosed; 3 missing (location, total compute, venue answer); 1 partial or only in the code (memory)",
    ],
    [
      "paper-missing",
      "generic",
      "Compute disclosure incomplete: 0 of 3 required items disclosed; 3 partial or only in the code (hardware, accelerator count, training time)",
    ],
  ] as const)("%s under %s", (fixture, profile, headline) => {
    expect(reportOf(fixture, profile).headline).toBe(headline);
  });
});

describe("items follow the venue profile", () => {
  it("uses the profile's items, wording, references and required flags", () => {
    const neurips = reportOf("demo", "neurips");
    expect(neurips.items.map((i) => i.id).sort()).toEqual(
      [
        "accelerator_count",
        "consistency",
        "energy_emissions",
        "hardware",
        "inference_cost",
        "location",
        "memory",
        "model_size",
        "runs",
        "total_compute",
        "training_time",
        "venue_answer",
      ].sort(),
    );
    expect(item(neurips, "hardware")).toMatchObject({
      title: "Type of compute workers (CPU or GPU model)",
      venueRefs: ["neurips.8"],
      required: true,
    });
    expect(item(reportOf("demo", "acl"), "model_size")).toMatchObject({
      title: "Number of parameters in the models used",
      venueRefs: ["acl.C1"],
      required: true,
    });
    expect(item(reportOf("demo", "aaai"), "memory")).toMatchObject({
      title: "Amount of memory",
      required: true,
    });
    expect(reportOf("demo", "aaai").items.map((i) => i.id)).not.toContain("venue_answer");
    expect(item(reportOf("demo", "pineau"), "runs")).toMatchObject({
      title: "The exact number of training and evaluation runs",
      venueRefs: ["pineau.runs"],
      required: true,
    });
  });

  it("lists required items first, the worst status first", () => {
    expect(
      reportOf("demo", "neurips").items.map((i) => `${i.id}${i.required ? "*" : ""}=${i.status}`),
    ).toEqual([
      "consistency*=inconsistent",
      "total_compute*=missing",
      "hardware*=disclosed",
      "accelerator_count*=disclosed",
      "memory*=disclosed",
      "location*=disclosed",
      "training_time*=disclosed",
      "venue_answer*=disclosed",
      "runs=missing",
      "energy_emissions=missing",
      "inference_cost=not_applicable",
      "model_size=disclosed",
    ]);
  });
});

describe("the demo repository (one deliberate mismatch)", () => {
  it("cross-checks paper and code field by field", () => {
    expect(
      reportOf("demo").crosscheck.map((e) => [
        e.field,
        e.status,
        e.paper?.value ?? null,
        e.code?.value ?? null,
      ]),
    ).toEqual([
      ["hardware", "match", "nvidia-a100-80gb", "nvidia-a100"],
      ["accelerator_count", "match", 8, 8],
      ["epochs", "mismatch", 100, 300],
      ["batch_size", "match", 256, 256],
      ["params", "paper_only", 48e6, null],
      ["training_time_hours", "match", 36, 48],
    ]);
  });

  it("annotates the mismatch at the launch script's line and at the paper's line, repository-relative", () => {
    expect(reportOf("demo").annotations).toEqual([
      {
        path: "scripts/train.slurm",
        line: 9,
        level: "warning",
        title: "epochs: the paper says 100",
        message: "Paper: 100; code: 300.",
      },
      {
        path: "paper/sections/experiments.tex",
        line: 3,
        level: "warning",
        title: "epochs: the code sets 300",
        message: "Paper: 100; code: 300.",
      },
    ]);
  });

  it("marks consistency inconsistent with both values and both evidences", () => {
    const consistency = item(reportOf("demo"), "consistency");
    expect(consistency.status).toBe("inconsistent");
    expect(consistency.evidence).toEqual([
      expect.objectContaining({ kind: "paper", file: "paper/sections/experiments.tex", line: 3 }),
      expect.objectContaining({ kind: "code", file: "scripts/train.slurm", line: 9 }),
    ]);
  });

  it("reads the NeurIPS checklist answer and finds it backed by the paper", () => {
    expect(item(reportOf("demo", "neurips"), "venue_answer").status).toBe("disclosed");
  });

  it("estimates the footprint from the paper's hardware, time and place", () => {
    const { estimate, estimateMissing } = reportOf("demo");
    expect(estimateMissing).toEqual([]);
    expect(estimate?.hardware?.id).toBe("nvidia-a100-80gb");
    expect(estimate?.device_hours?.central).toBe(288);
    expect(estimate?.carbon_intensity?.zone).toBe("FR");
    expect(estimate?.co2e_kg.low).toBeLessThan(estimate?.co2e_kg.central as number);
    expect(estimate?.co2e_kg.high).toBeGreaterThan(estimate?.co2e_kg.central as number);
  });

  it("fills the snippets with the values found and placeholders for the rest", () => {
    const { snippets, estimate } = reportOf("demo");
    expect(snippets.paragraph).toContain(
      "Each training run of our main model used 8 NVIDIA A100 SXM4 80 GB accelerators for 36 hours of wall-clock time (288 GPU-hours), on Jean Zay (IDRIS) (France).",
    );
    expect(snippets.paragraph).toContain("The results come from [NUMBER OF] runs;");
    expect(snippets.paragraph).toContain("used about [TOTAL] GPU-hours.");
    expect(snippets.footprintYml.split("\n")).toEqual(
      expect.arrayContaining([
        'hardware: "NVIDIA A100 SXM4 80 GB"',
        "accelerator_count: 8",
        "training_time_hours: 36",
        "gpu_hours: 288",
        "# runs:   # TODO: runs behind the reported results",
        '  country: "FR"',
      ]),
    );
    const grams = Math.round((estimate?.co2e_kg.central as number) * 1000);
    expect(snippets.modelCard.split("\n")).toEqual([
      "co2_eq_emissions:",
      `  emissions: ${grams}`,
      '  source: "ml-footprint estimate (see the paper\'s compute statement)"',
      '  training_type: "[pre-training or fine-tuning]"',
      '  geographical_location: "Jean Zay (IDRIS) (France)"',
      '  hardware_used: "8 × NVIDIA A100 SXM4 80 GB"',
    ]);
  });

  it("describes the paper and the code it read", () => {
    expect(reportOf("demo").paper).toEqual({ file: "paper/main.tex", format: "latex" });
    expect(reportOf("demo").code).toEqual({ files: 2, frameworks: ["PyTorch"] });
    expect(reportOf("demo").declaration).toBeNull();
    expect(reportOf("demo").warnings).toEqual([]);
  });
});

describe("all disclosed", () => {
  it("finds every item disclosed or not applicable under every profile", () => {
    for (const profile of PROFILES)
      for (const result of reportOf("all-disclosed", profile).items)
        expect([profile, result.id, result.status]).toEqual([
          profile,
          result.id,
          result.id === "inference_cost" ? "not_applicable" : "disclosed",
        ]);
  });

  it("has no annotations, and a cross-check without mismatch", () => {
    const report = reportOf("all-disclosed");
    expect(report.annotations).toEqual([]);
    expect(report.crosscheck.map((e) => [e.field, e.status])).toEqual([
      ["hardware", "paper_only"],
      ["accelerator_count", "match"],
      ["epochs", "match"],
      ["batch_size", "match"],
      ["params", "paper_only"],
      ["training_time_hours", "paper_only"],
    ]);
  });

  it("uses the reported energy and emissions as the estimate, and grams in the model card", () => {
    const { estimate, snippets } = reportOf("all-disclosed");
    expect(estimate?.measured).toEqual({ energy_kwh: true, co2e_kg: true });
    expect(estimate?.co2e_kg).toEqual({ low: 33, central: 33, high: 33 });
    expect(snippets.paragraph).toContain("Training consumed 96 kWh and emitted 33 kgCO2e.");
    expect(snippets.paragraph).toContain(
      "used 4 NVIDIA GeForce RTX 3090 accelerators for 18 hours of wall-clock time (72 GPU-hours), in Germany.",
    );
    expect(snippets.modelCard.split("\n")).toEqual([
      "co2_eq_emissions:",
      "  emissions: 33000",
      '  source: "reported by the authors"',
      '  training_type: "[pre-training or fine-tuning]"',
      '  geographical_location: "Germany"',
      '  hardware_used: "4 × NVIDIA GeForce RTX 3090"',
    ]);
    expect(snippets.footprintYml.split("\n")).toEqual(
      expect.arrayContaining(["runs: 3", "energy_kwh: 96", "co2e_kg: 33", '  country: "DE"']),
    );
  });
});

describe("nothing disclosed", () => {
  it("has no estimate and says what is missing", () => {
    const report = reportOf("nothing-disclosed");
    expect(report.estimate).toBeNull();
    expect(report.estimateMissing).toEqual(["the hardware model", "the training time or GPU-hours"]);
  });

  it("gives snippets made of placeholders", () => {
    const { snippets } = reportOf("nothing-disclosed");
    expect(snippets.paragraph).toBe(
      "Each training run of our main model used [NUMBER OF] [GPU MODEL] accelerators for [HOURS] of wall-clock time ([GPU-HOURS] GPU-hours), in [COUNTRY, OR CLOUD PROVIDER AND REGION]. The results come from [NUMBER OF] runs; the whole project, including hyper-parameter search, preliminary and failed runs, used about [TOTAL] GPU-hours. Training consumed about [ENERGY] kWh and emitted about [EMISSIONS] kgCO2e ([MEASURED WITH / ESTIMATED WITH]).",
    );
    expect(snippets.modelCard).toContain("  emissions: null  # TODO: grams of CO2e");
    expect(snippets.modelCard).toContain('  hardware_used: "[e.g. 8 x NVIDIA A100 80GB]"');
    expect(snippets.footprintYml).toContain(
      '# hardware:   # TODO: accelerator model, e.g. "NVIDIA A100 80GB"',
    );
  });

  it("reads no code from a README without training code", () => {
    const report = reportOf("nothing-disclosed");
    expect(report.code).toEqual({ files: 0, frameworks: [] });
    expect(item(report, "consistency")).toMatchObject({
      status: "not_applicable",
      message: "No training code was found to compare with.",
    });
    expect(report.annotations).toEqual([]);
  });
});

describe("an invalid declaration", () => {
  it("reports each error with its property and reason, as failures on footprint.yml", () => {
    const report = reportOf("declaration-invalid");
    expect(report.declaration).toEqual({
      file: "footprint.yml",
      errors: [
        { property: "accelerator_count", reason: "Invalid input: expected number, received string", line: 2 },
        { property: "training_time_hours", reason: "Too small: expected number to be >0", line: 3 },
        {
          property: "gpu_type",
          reason:
            "unknown property (allowed: hardware, accelerator_count, training_time_hours, gpu_hours, runs, total_gpu_hours, params, location, energy_kwh, co2e_kg, pue, carbon_intensity_g_per_kwh, year, measured_by)",
          line: 4,
        },
        {
          property: "location.datacenter",
          reason: "unknown property (allowed: country, cloud_provider, region, computing_centre)",
          line: 7,
        },
      ],
    });
    expect(report.annotations.map((a) => [a.path, a.line, a.level, a.title])).toEqual([
      ["footprint.yml", 2, "failure", "footprint.yml: accelerator_count"],
      ["footprint.yml", 3, "failure", "footprint.yml: training_time_hours"],
      ["footprint.yml", 4, "failure", "footprint.yml: gpu_type"],
      ["footprint.yml", 7, "failure", "footprint.yml: location.datacenter"],
    ]);
  });

  it("keeps the valid country next to the unknown location property", () => {
    const report = reportOf("declaration-invalid");
    expect(item(report, "location")).toMatchObject({
      status: "disclosed",
      message: "country France (footprint.yml:6).",
    });
  });

  it("still uses the valid declared hardware", () => {
    const report = reportOf("declaration-invalid");
    expect(item(report, "hardware")).toMatchObject({
      status: "disclosed",
      message: "NVIDIA A100 SXM4 80 GB, declared in footprint.yml; state it in the paper too.",
      values: { declared: "nvidia-a100-80gb", paper: null, code: null },
    });
    expect(item(report, "memory")).toMatchObject({ status: "disclosed", values: { paper: 80 } });
    expect(report.estimateMissing).toEqual(["the training time or GPU-hours"]);
    expect(report.snippets.modelCard).toContain('  hardware_used: "[N] × NVIDIA A100 SXM4 80 GB"');
  });
});

describe("code missing", () => {
  it("reads the paper alone: nothing to compare, an estimate from the paper", () => {
    const report = reportOf("code-missing");
    expect(report.code).toEqual({ files: 0, frameworks: [] });
    expect(item(report, "consistency").status).toBe("not_applicable");
    expect(report.crosscheck.every((e) => e.status === "paper_only")).toBe(true);
    expect(report.estimate?.hardware?.id).toBe("nvidia-v100");
    expect(report.estimate?.device_hours?.central).toBe(12);
    expect(report.estimateMissing).toEqual([]);
    expect(item(report, "memory")).toMatchObject({ status: "partial" });
  });
});

describe("paper missing", () => {
  it("warns that no paper was found and says so in the items", () => {
    const report = reportOf("paper-missing");
    expect(report.paper).toBeNull();
    expect(report.warnings).toEqual([
      {
        code: "paper_missing",
        message: "no paper found in the repository (PDF or LaTeX main file); give one with --paper",
      },
    ]);
    expect(report.crosscheck).toEqual([]);
    expect(item(report, "hardware")).toMatchObject({
      status: "inferred",
      message:
        "No paper was read. The code shows NVIDIA V100 (run.slurm:2), but the paper does not say which accelerator or CPU model was used.",
    });
    expect(item(report, "consistency")).toMatchObject({
      status: "not_applicable",
      message: "No paper was found to compare with.",
    });
    expect(item(report, "venue_answer").status).toBe("not_applicable");
  });

  it("says the estimate lacks the training time", () => {
    const report = reportOf("paper-missing");
    expect(report.estimate).toBeNull();
    expect(report.estimateMissing).toEqual(["the training time or GPU-hours"]);
    expect(report.snippets.paragraph).toContain("used 2 NVIDIA V100");
    expect(report.snippets.paragraph).toContain("for [HOURS] of wall-clock time");
  });
});

describe("runCheck's inputs", () => {
  const created: string[] = [];
  afterAll(async () => {
    for (const dir of created) await rm(dir, { recursive: true, force: true });
  });

  it("takes a paper that lives outside the repository, annotating only the code", async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), "check-paper-"));
    created.push(elsewhere);
    await cp("fixtures/demo/paper", elsewhere, { recursive: true });
    const report = await runCheck({ dir: "fixtures/demo", paper: join(elsewhere, "main.tex") });
    expect(report.paper).toEqual({ file: join(elsewhere, "main.tex"), format: "latex" });
    expect(report.annotations.map((a) => `${a.path}:${a.line}`)).toEqual(["scripts/train.slurm:9"]);
  });

  it("takes a paper given inside the repository with a repository-relative path", async () => {
    const report = await runCheck({ dir: "fixtures/demo", paper: resolve("fixtures/demo/paper/main.tex") });
    expect(report.paper?.file).toBe("paper/main.tex");
    expect(report.annotations.map((a) => `${a.path}:${a.line}`)).toEqual([
      "scripts/train.slurm:9",
      "paper/sections/experiments.tex:3",
    ]);
  });

  it("looks for the paper where the globs say", async () => {
    const report = await runCheck({ dir: "fixtures/demo", paperGlobs: ["docs/**/*.tex"] });
    expect(report.paper).toBeNull();
    expect(report.warnings.map((w) => w.code)).toEqual(["paper_missing"]);
  });

  it("rejects a folder that does not exist, an unknown profile and a missing paper file", async () => {
    await expect(runCheck({ dir: "fixtures/no-such-repository" })).rejects.toMatchObject({
      code: "not_found",
      message: "fixtures/no-such-repository: no such folder",
    });
    await expect(runCheck({ dir: "fixtures/demo", profile: "icml" })).rejects.toMatchObject({
      code: "unknown_profile",
      message: 'unknown profile "icml" (use one of: generic, neurips, acl, aaai, pineau)',
    });
    await expect(
      runCheck({ dir: "fixtures/demo", paper: "fixtures/demo/paper/none.tex" }),
    ).rejects.toBeInstanceOf(InputError);
  });
});

// ---- buildCheckReport on readers' output we build by hand ----

function paperFact(field: FactField, value: FactValue, quote: string, extra: Partial<Fact> = {}): Fact {
  return buildPaperFact(field, value, quote, {}, extra);
}

function paperReport(
  facts: Fact[],
  summary: Partial<Summary>,
  venueAnswers: VenueAnswer[] = [],
): PaperReport {
  return {
    paper: { file: "/elsewhere/paper.pdf", format: "pdf", pages: 9, characters: 1000, sentences: 40 },
    facts,
    chosen: chosenFrom(facts, summary),
    summary_confidence: {},
    summary: { ...emptySummary(), ...summary },
    venue_answers: venueAnswers,
    warnings: [],
    timings: { extract_ms: 0, analyze_ms: 0 },
  };
}

function codeReport(facts: Fact[], summary: Partial<Summary>): CodeReport {
  return {
    facts,
    chosen: chosenFrom(facts, summary),
    summary: { ...emptySummary(), ...summary },
    frameworks: ["PyTorch"],
    entry_points: [{ file: "train.py", kind: "python", invoked_by: [], score: 5, main: true }],
    warnings: [],
    stats: { files_read: 1, bytes_read: 100, files_skipped: 0, elapsed_ms: 1 },
  };
}

function sources(overrides: Partial<CheckSources>): CheckSources {
  return {
    profile: "generic",
    paper: null,
    paperPath: null,
    code: null,
    declaration: null,
    warnings: [],
    ...overrides,
  };
}

const SETUP = "We train on 4 NVIDIA RTX 3090 GPUs for 18 hours in Germany.";
const DISCLOSING = paperReport(
  [
    paperFact("hardware", "nvidia-rtx-3090", SETUP),
    paperFact("accelerator_count", 4, SETUP),
    paperFact("training_time_hours", 18, SETUP),
  ],
  { hardware: "nvidia-rtx-3090", accelerator_count: 4, training_time_hours: 18 },
);

describe("buildCheckReport", () => {
  it("finds a checklist answered Yes in a paper that states no compute facts", () => {
    const answer: VenueAnswer = {
      venue: "neurips",
      item: "neurips.8",
      answer: "yes",
      justification: "See Section 4.",
      evidence: {
        kind: "paper",
        page: 9,
        section: "Checklist",
        quote: "Experiments compute resources Answer: [Yes]",
        start: 0,
        end: 40,
      },
    };
    const report = buildCheckReport(sources({ profile: "neurips", paper: paperReport([], {}, [answer]) }));
    expect(item(report, "venue_answer")).toMatchObject({
      status: "inconsistent",
      message:
        'neurips.8 answered Yes (p. 9): "See Section 4.", but the paper states no hardware, device count or training time.',
    });
    expect(report.verdict).toBe("inconsistent");
  });

  it("lets a venue choose its required items", () => {
    const report = buildCheckReport(sources({ paper: DISCLOSING, requiredItems: ["hardware", "runs"] }));
    expect(report.items.filter((i) => i.required).map((i) => i.id)).toEqual(["runs", "hardware"]);
    expect(report.headline).toBe(
      "Compute disclosure incomplete: 1 of 2 required items disclosed; 1 missing (runs)",
    );
  });

  it("prefers the declaration to the paper in the snippets", () => {
    const declaration = {
      file: "footprint.yml",
      facts: [
        {
          field: "accelerator_count" as const,
          value: 16,
          raw: "16",
          confidence: 1,
          context: "training" as const,
          evidence: {
            kind: "declaration" as const,
            file: "footprint.yml",
            line: 2,
            snippet: "accelerator_count: 16",
          },
          tags: ["declared" as const],
        },
      ],
      errors: [],
      declaration: { accelerator_count: 16 },
      lines: { accelerator_count: 1 },
    };
    const report = buildCheckReport(sources({ paper: DISCLOSING, declaration }));
    expect(report.snippets.paragraph).toContain("used 16 NVIDIA GeForce RTX 3090 accelerators for 18 hours");
    expect(report.snippets.footprintYml).toContain("accelerator_count: 16");
  });

  it("uses the configured place when neither paper nor code says where training ran", () => {
    const paper = paperReport(
      [
        paperFact("hardware", "nvidia-rtx-3090", "We train on one RTX 3090 for 10 hours."),
        paperFact("training_time_hours", 10, "We train on one RTX 3090 for 10 hours."),
      ],
      { hardware: "nvidia-rtx-3090", training_time_hours: 10 },
    );
    const withDefault = buildCheckReport(sources({ paper, defaults: { country: "FR" } }));
    expect(withDefault.estimate?.carbon_intensity?.zone).toBe("FR");
    const without = buildCheckReport(sources({ paper }));
    expect(without.estimate?.carbon_intensity?.zone).toBe("WORLD");
    expect(without.estimate?.assumptions).toContain("one accelerator (the count is not stated)");
  });

  it("gives a measurement in the repository to the model card, in grams", () => {
    const measured: Fact = {
      field: "co2e_kg",
      value: 1.25,
      raw: "1.25",
      confidence: 0.95,
      context: "training",
      evidence: { kind: "code", file: "emissions.csv", line: 2, snippet: "...,1.25,..." },
      measured: true,
    };
    const report = buildCheckReport(
      sources({ paper: DISCLOSING, code: codeReport([measured], { co2e_kg: 1.25 }) }),
    );
    expect(report.snippets.modelCard).toContain("  emissions: 1250\n");
    expect(item(report, "energy_emissions")).toMatchObject({ status: "inferred" });
    expect(report.estimate?.co2e_kg.central).toBe(1.25);
  });

  it("annotates a code-only value and a value that needs a human at the code's line", () => {
    const code = codeReport(
      [
        {
          field: "epochs",
          value: 40,
          raw: "40",
          confidence: 0.9,
          context: "training",
          evidence: { kind: "code", file: "scripts/run.sh", line: 2, snippet: "python train.py --epochs 40" },
          tags: ["launch", "override"],
          entry_point: "train.py",
        },
        {
          field: "batch_size",
          value: 32,
          raw: "32",
          confidence: 0.9,
          context: "training",
          evidence: {
            kind: "code",
            file: "scripts/run.sh",
            line: 2,
            snippet: "python train.py --batch-size 32",
          },
          tags: ["launch", "override"],
          entry_point: "train.py",
        },
      ],
      { epochs: 40, batch_size: 32 },
    );
    const paper = paperReport(
      [...DISCLOSING.facts, paperFact("batch_size", 128, "We use a batch size of 128.")],
      { ...DISCLOSING.summary, batch_size: 128 },
    );
    const report = buildCheckReport(sources({ paper, code }));
    expect(report.annotations).toEqual([
      {
        path: "scripts/run.sh",
        line: 2,
        level: "notice",
        title: "epochs = 40, not stated in the paper",
        message: "The code shows this value; the paper does not say it.",
      },
      {
        path: "scripts/run.sh",
        line: 2,
        level: "notice",
        title: "batch_size: needs a human look",
        message:
          "128 vs 32: a factor of 4 can be devices × gradient accumulation (per-device vs global batch)",
      },
    ]);
    expect(item(report, "consistency").status).toBe("partial");
  });

  describe("found, or found and please confirm (the selector's calibrated probability)", () => {
    const codeFact = (field: FactField, value: FactValue): Fact => ({
      field,
      value,
      raw: String(value),
      confidence: 0.9,
      context: "training",
      evidence: { kind: "code", file: "train.py", line: 3, snippet: `${field}=${value}` },
    });
    const selected = (probabilities: Partial<Record<FactField, [number, boolean]>>): PaperReport => {
      const paper = paperReport(DISCLOSING.facts, DISCLOSING.summary);
      for (const [field, [probability, confirm]] of Object.entries(probabilities)) {
        const chosen = paper.chosen[field as FactField]!;
        paper.chosen[field as FactField] = { ...chosen, probability, ...(confirm ? { confirm } : {}) };
      }
      return paper;
    };

    it("says found, please confirm below the bar and keeps the probability in the JSON", () => {
      const report = buildCheckReport(
        sources({ paper: selected({ hardware: [0.7, true], accelerator_count: [0.97, false] }) }),
      );
      expect(item(report, "hardware")).toMatchObject({
        status: "disclosed",
        message: "Found, please confirm: NVIDIA GeForce RTX 3090 (p. 3).",
        found: { probability: 0.7, status: "confirm" },
      });
      expect(item(report, "accelerator_count")).toMatchObject({
        message: "4 (p. 3).",
        found: { probability: 0.97, status: "found" },
      });
    });

    it("needs no confirmation when the code sets the same value", () => {
      const code = codeReport([codeFact("hardware", "nvidia-rtx-3090")], { hardware: "nvidia-rtx-3090" });
      const report = buildCheckReport(sources({ paper: selected({ hardware: [0.7, true] }), code }));
      expect(item(report, "hardware")).toMatchObject({
        message: "NVIDIA GeForce RTX 3090 (p. 3).",
        found: { probability: 0.7, status: "found" },
      });
    });

    it("says nothing of confidence for a rule's choice (no probability)", () => {
      const report = buildCheckReport(sources({ paper: DISCLOSING }));
      expect(item(report, "hardware").found).toBeUndefined();
      expect(item(report, "hardware").message).toBe("NVIDIA GeForce RTX 3090 (p. 3).");
    });
  });
});
