/**
 * Each checklist item on small check contexts we build by hand: the statuses its module documents, the
 * message a reader sees, and the evidence behind it.
 */
import type { CheckContext } from "../../src/judge/context.js";
import { parseDeclaration } from "../../src/readers/declaration.js";
import { codeFact, paperFact } from "../helpers/facts.js";
import { resolveFacts } from "../../src/select/selection.js";
import { checkDeclaration } from "../../src/judge/declaration-check.js";
import { CHECKLIST_ITEMS, type ItemOutcome } from "../../src/judge/items/index.js";
import type { CrosscheckEntry } from "../../src/judge/types.js";
import {
  EXTRA_FIELDS,
  SUMMARY_FIELDS,
  type ChosenFacts,
  type Fact,
  type FactField,
  type FactValue,
} from "../../src/domain/facts.js";
import type { VenueAnswer } from "../../src/readers/paper/venue-checklist.js";

function paper(
  field: FactField,
  value: FactValue,
  page: number,
  quote: string,
  extra: Partial<Fact> = {},
): Fact {
  return paperFact(field, value, quote, { page }, extra);
}

function code(
  field: FactField,
  value: FactValue,
  file: string,
  line: number,
  extra: Partial<Fact> = {},
): Fact {
  return codeFact(field, value, file, line, { confidence: 0.8, ...extra }, `${field}: ${value}`);
}

/** The choices a reader makes: per field, a measurement when there is one, else its most confident statement. */
function choicesOf(facts: readonly Fact[], minimum: number): ChosenFacts {
  const chosen: ChosenFacts = {};
  for (const field of [...SUMMARY_FIELDS, ...EXTRA_FIELDS]) {
    const pool = facts.filter(
      (f) => f.field === field && f.context === "training" && f.confidence >= minimum,
    );
    const measured = pool.filter((f) => f.measured);
    const best = (measured.length ? measured : pool).sort((a, b) => b.confidence - a.confidence)[0];
    if (best) chosen[field] = { value: best.value, fact: best };
  }
  return chosen;
}

interface ContextInput {
  paperFacts?: Fact[];
  codeFacts?: Fact[];
  declaration?: string;
  crosscheck?: CrosscheckEntry[];
  venueAnswers?: VenueAnswer[];
  hasPaper?: boolean;
  hasCode?: boolean;
}

function contextOf(input: ContextInput): CheckContext {
  const paperFacts = input.paperFacts ?? [];
  const codeFacts = input.codeFacts ?? [];
  const declared = input.declaration ? parseDeclaration("footprint.yml", input.declaration) : null;
  if (declared?.errors.length) throw new Error(`bad test declaration: ${JSON.stringify(declared.errors)}`);
  const hasPaper = input.hasPaper ?? true;
  const hasCode = input.hasCode ?? true;
  const selection = {
    hasPaper,
    hasCode,
    paperFacts,
    paperChosen: hasPaper ? choicesOf(paperFacts, 0.6) : {},
    codeFacts,
    codeChosen: hasCode ? choicesOf(codeFacts, 0.5) : {},
    declaredFacts: declared?.facts ?? [],
    declaration: declared?.declaration ?? {},
    declarationFile: declared ? declared.file : null,
    declarationLines: declared?.lines ?? {},
    crosscheck: input.crosscheck ?? [],
    venueAnswers: input.venueAnswers ?? [],
    codeRead: hasCode,
    mainEntryPoint: null,
  };
  const resolved = { ...selection, resolved: resolveFacts(selection) };
  return { ...resolved, declarationCheck: checkDeclaration(resolved) };
}

function evaluate(id: string, input: ContextInput): ItemOutcome {
  const item = CHECKLIST_ITEMS.get(id);
  if (!item) throw new Error(`no item ${id}`);
  return item.evaluate(contextOf(input));
}

const SETUP = "All runs used 4 NVIDIA RTX 3090 GPUs; one run takes 18 hours.";

describe("the registry", () => {
  it("holds one module per item, under its own id", () => {
    expect([...CHECKLIST_ITEMS.keys()]).toEqual([
      "hardware",
      "accelerator_count",
      "memory",
      "training_time",
      "total_compute",
      "runs",
      "model_size",
      "location",
      "energy_emissions",
      "inference_cost",
      "consistency",
      "venue_answer",
    ]);
    for (const [id, item] of CHECKLIST_ITEMS) expect(item.id).toBe(id);
  });
});

describe("hardware (an item one fact answers)", () => {
  const paperHardware = paper("hardware", "nvidia-rtx-3090", 4, SETUP);
  const codeHardware = code("hardware", "nvidia-v100", "job.slurm", 2);

  it("is disclosed when the paper states it", () => {
    expect(evaluate("hardware", { paperFacts: [paperHardware], codeFacts: [codeHardware] })).toEqual({
      status: "disclosed",
      message: "NVIDIA GeForce RTX 3090 (p. 4).",
      values: { declared: null, paper: "nvidia-rtx-3090", code: "nvidia-v100" },
      evidence: [paperHardware.evidence, codeHardware.evidence],
    });
  });

  it("is disclosed when only footprint.yml declares it, asking to state it in the paper", () => {
    const outcome = evaluate("hardware", {
      declaration: "accelerator_count: 8\nhardware: NVIDIA A100 80GB\n",
    });
    expect(outcome).toMatchObject({
      status: "disclosed",
      message: "NVIDIA A100 SXM4 80 GB, declared in footprint.yml; state it in the paper too.",
      values: { declared: "nvidia-a100-80gb", paper: null, code: null },
    });
    expect(outcome.evidence).toEqual([
      { kind: "declaration", file: "footprint.yml", line: 2, snippet: "hardware: NVIDIA A100 80GB" },
    ]);
  });

  it("is inferred when only the code shows it", () => {
    expect(evaluate("hardware", { codeFacts: [codeHardware] })).toEqual({
      status: "inferred",
      message:
        "The code shows NVIDIA V100 (job.slurm:2), but the paper does not say which accelerator or CPU model was used.",
      values: { declared: null, paper: null, code: "nvidia-v100" },
      evidence: [codeHardware.evidence],
    });
  });

  it("is inconsistent when the cross-check found a mismatch, with both sides", () => {
    const mismatch: CrosscheckEntry = {
      field: "hardware",
      status: "mismatch",
      paper: { value: paperHardware.value, evidence: paperHardware.evidence },
      code: { value: codeHardware.value, evidence: codeHardware.evidence },
    };
    expect(
      evaluate("hardware", {
        paperFacts: [paperHardware],
        codeFacts: [codeHardware],
        crosscheck: [mismatch],
      }),
    ).toMatchObject({
      status: "inconsistent",
      message: "The paper says NVIDIA GeForce RTX 3090 (p. 4) but the code sets NVIDIA V100 (job.slurm:2).",
      evidence: [paperHardware.evidence, codeHardware.evidence],
    });
  });

  it("stays disclosed when the cross-check only needs a human", () => {
    const unsure: CrosscheckEntry = {
      field: "hardware",
      status: "needs_human",
      paper: { value: paperHardware.value, evidence: paperHardware.evidence },
      code: { value: codeHardware.value, evidence: codeHardware.evidence },
      note: "weak hint",
    };
    expect(
      evaluate("hardware", { paperFacts: [paperHardware], codeFacts: [codeHardware], crosscheck: [unsure] })
        .status,
    ).toBe("disclosed");
  });

  it("is missing when nobody says it, and ignores the paper's statements about other work", () => {
    const other = paper("hardware", "google-tpu-v3", 2, "Prior planners used 64 TPU v3 chips.", {
      context: "other",
    });
    expect(evaluate("hardware", { paperFacts: [other] })).toEqual({
      status: "missing",
      message: "The paper does not say which accelerator or CPU model was used.",
      values: { declared: null, paper: null, code: null },
      evidence: [],
    });
  });
});

describe("accelerator count and model size", () => {
  it("words the count and the parameters as a reader writes them", () => {
    expect(
      evaluate("accelerator_count", { paperFacts: [paper("accelerator_count", 4, 4, SETUP)] }).message,
    ).toBe("4 (p. 4).");
    expect(
      evaluate("model_size", {
        paperFacts: [paper("params", 85e6, 3, "WaveNet-S has 85M parameters.")],
      }).message,
    ).toBe("85M parameters (p. 3).");
    expect(
      evaluate("model_size", { paperFacts: [paper("params", 1.3e9, 3, "The model has 1.3B parameters.")] })
        .message,
    ).toBe("1.3B parameters (p. 3).");
  });

  it("says what is missing", () => {
    expect(evaluate("accelerator_count", {}).message).toBe(
      "The paper does not say how many accelerators one run used.",
    );
    expect(evaluate("model_size", {}).message).toBe(
      "The paper does not say how many parameters the model has.",
    );
  });
});

describe("memory", () => {
  it("is disclosed when the paper states the memory", () => {
    const memory = paper("gpu_memory_gb", 80, 4, "8 NVIDIA A100 80GB GPUs");
    expect(evaluate("memory", { paperFacts: [memory] })).toEqual({
      status: "disclosed",
      message: "80 GB per device (p. 4).",
      values: { paper: 80 },
      evidence: [memory.evidence],
    });
  });

  it("is implied by a GPU model sold with one memory size", () => {
    const hardware = paper("hardware", "nvidia-rtx-3090", 4, SETUP);
    expect(evaluate("memory", { paperFacts: [hardware] })).toEqual({
      status: "disclosed",
      message: "Implied by the model: NVIDIA GeForce RTX 3090 has 24 GB.",
      values: { paper: 24 },
      evidence: [hardware.evidence],
    });
  });

  it("is implied by a model name that carries its memory", () => {
    expect(
      evaluate("memory", { paperFacts: [paper("hardware", "nvidia-a100-80gb", 4, "8 A100 80GB GPUs")] }),
    ).toMatchObject({
      status: "disclosed",
      message: "Implied by the model: NVIDIA A100 SXM4 80 GB has 80 GB.",
      values: { paper: 80 },
    });
  });

  it("is implied by a declared GPU model", () => {
    expect(evaluate("memory", { declaration: "hardware: NVIDIA A100 80GB\n" })).toMatchObject({
      status: "disclosed",
      values: { paper: 80 },
    });
  });

  it("is partial for a family sold with several memory sizes", () => {
    expect(
      evaluate("memory", { paperFacts: [paper("hardware", "nvidia-a100", 4, "8 A100 GPUs")] }),
    ).toMatchObject({
      status: "partial",
      message: "NVIDIA A100 comes with 40 or 80 GB: say which.",
      values: {},
    });
    expect(
      evaluate("memory", { paperFacts: [paper("hardware", "nvidia-v100", 4, "a single V100 GPU")] }).message,
    ).toBe("NVIDIA V100 comes with 16 or 32 GB: say which.");
  });

  it("is missing when only the code names the hardware", () => {
    expect(evaluate("memory", { codeFacts: [code("hardware", "nvidia-a100-80gb", "job.slurm", 2)] })).toEqual(
      {
        status: "missing",
        message:
          "The paper names no hardware, so its memory is unknown: give the accelerator model and its memory.",
        values: {},
        evidence: [],
      },
    );
  });
});

describe("training time", () => {
  it("is disclosed by wall-clock hours", () => {
    const hours = paper("training_time_hours", 18, 4, SETUP);
    expect(evaluate("training_time", { paperFacts: [hours] })).toEqual({
      status: "disclosed",
      message: "18 h (p. 4).",
      values: { paper: 18 },
      evidence: [hours.evidence],
    });
  });

  it("is disclosed by accelerator-hours, with the derivation when there is one", () => {
    const gpuHours = paper("gpu_hours", 72, 4, SETUP, { note: "4 devices × 18 h" });
    expect(evaluate("training_time", { paperFacts: [gpuHours] }).message).toBe(
      "72 accelerator-hours (4 devices × 18 h) (p. 4).",
    );
  });

  it("is disclosed by a declared time", () => {
    expect(evaluate("training_time", { declaration: "training_time_hours: 36\n" })).toMatchObject({
      status: "disclosed",
      message: "36 h (footprint.yml:1).",
    });
  });

  it("is partial when the paper gives epochs or a time per epoch only", () => {
    const epochs = paper("epochs", 100, 4, "We train for 100 epochs.");
    expect(evaluate("training_time", { paperFacts: [epochs] })).toEqual({
      status: "partial",
      message:
        "The paper gives 100 epochs (p. 4) but not how long a run took: add wall-clock hours or GPU-hours.",
      values: { paper: 100 },
      evidence: [epochs.evidence],
    });
    expect(
      evaluate("training_time", {
        paperFacts: [paper("time_per_epoch_hours", 1.5, 4, "An epoch takes 1.5 hours.")],
      }).message,
    ).toBe(
      "The paper gives 1.5 h per epoch (p. 4) but not how long a run took: add wall-clock hours or GPU-hours.",
    );
  });

  it("is inferred when only the code gives a time", () => {
    const limit = code("training_time_hours", 48, "job.slurm", 5, { tags: ["slurm", "time_limit"] });
    expect(evaluate("training_time", { codeFacts: [limit] })).toEqual({
      status: "inferred",
      message: "The job asks for at most 48 h (job.slurm:5); the paper does not say how long training took.",
      values: { code: 48 },
      evidence: [limit.evidence],
    });
  });

  it("is inconsistent when the cross-check found a mismatch", () => {
    const hours = paper("training_time_hours", 36, 4, "Training takes 36 hours.");
    const configured = code("training_time_hours", 12, "configs/run.yaml", 3);
    expect(
      evaluate("training_time", {
        paperFacts: [hours],
        codeFacts: [configured],
        crosscheck: [
          {
            field: "training_time_hours",
            status: "mismatch",
            paper: { value: 36, evidence: hours.evidence },
            code: { value: 12, evidence: configured.evidence },
          },
        ],
      }),
    ).toEqual({
      status: "inconsistent",
      message: "The paper says 36 h (p. 4) but the code asks for 12 h (configs/run.yaml:3).",
      values: { paper: 36, code: 12 },
      evidence: [hours.evidence, configured.evidence],
    });
  });

  it("is missing otherwise", () => {
    expect(evaluate("training_time", {})).toMatchObject({
      status: "missing",
      message: "The paper does not say how long a training run took.",
    });
  });
});

describe("total compute", () => {
  it("is disclosed by a declared project total", () => {
    expect(
      evaluate("total_compute", { declaration: "hardware: NVIDIA A100 80GB\ntotal_gpu_hours: 2400\n" }),
    ).toMatchObject({
      status: "disclosed",
      message:
        "2,400 accelerator-hours for the whole project, declared in footprint.yml; state it in the paper too.",
      values: { declared: 2400 },
    });
  });

  it("is disclosed by a sentence about the whole project", () => {
    const total = paper(
      "gpu_hours",
      2400,
      6,
      "Including the hyper-parameter search, the whole project used about 2,400 GPU hours.",
    );
    expect(evaluate("total_compute", { paperFacts: [paper("gpu_hours", 72, 4, SETUP), total] })).toEqual({
      status: "disclosed",
      message: "2,400 accelerator-hours for the project (p. 6).",
      values: { paper: 2400 },
      evidence: [total.evidence],
    });
  });

  it("is disclosed by a fact the reader tagged as the project's total", () => {
    const total = paper("energy_kwh", 950, 7, "Our experiments consumed 950 kWh.", {
      tags: ["project_total"],
    });
    expect(evaluate("total_compute", { paperFacts: [total] }).message).toBe(
      "950 kWh for the project (p. 7).",
    );
  });

  it("prefers GPU-hours among several project figures", () => {
    const energy = paper("energy_kwh", 950, 7, "Overall, the project consumed 950 kWh.");
    const gpuHours = paper("gpu_hours", 2400, 7, "Overall, the project used 2,400 GPU hours.");
    expect(evaluate("total_compute", { paperFacts: [energy, gpuHours] }).values).toEqual({ paper: 2400 });
  });

  it("is partial with one run's compute and a number of runs", () => {
    const perRun = paper("gpu_hours", 72, 4, SETUP);
    const runs = paper("runs", 5, 5, "Each result is the mean of 5 runs.");
    expect(evaluate("total_compute", { paperFacts: [perRun, runs] })).toEqual({
      status: "partial",
      message:
        "The paper gives one run's compute (p. 4) and 5 runs (p. 5), but no total: add the GPU-hours of the whole project, including runs not in the paper.",
      values: { paper: 72 },
      evidence: [perRun.evidence, runs.evidence],
    });
  });

  it("is partial with one run's time and a number of search trials", () => {
    const perRun = paper("training_time_hours", 18, 4, SETUP);
    const trials = paper("hp_trials", 20, 5, "We tried 20 configurations.");
    expect(evaluate("total_compute", { paperFacts: [perRun, trials] }).message).toBe(
      "The paper gives one run's compute (p. 4) and 20 search trials (p. 5), but no total: add the GPU-hours of the whole project, including runs not in the paper.",
    );
  });

  it("is missing with one run's compute only, or nothing", () => {
    expect(
      evaluate("total_compute", { paperFacts: [paper("training_time_hours", 18, 4, SETUP)] }),
    ).toMatchObject({
      status: "missing",
      message:
        "The paper gives one run's compute (p. 4) but not the project's total (hyper-parameter search, preliminary and failed runs).",
    });
    expect(evaluate("total_compute", {})).toEqual({
      status: "missing",
      message:
        "The paper does not give the total compute of the project (hyper-parameter search, preliminary and failed runs).",
      values: {},
      evidence: [],
    });
  });
});

describe("runs", () => {
  it("is disclosed by declared runs, or by runs or seeds in the paper", () => {
    expect(evaluate("runs", { declaration: "hardware: NVIDIA A100 80GB\nruns: 3\n" })).toMatchObject({
      status: "disclosed",
      message: "3 runs (footprint.yml:2).",
      values: { paper: 3 },
    });
    expect(
      evaluate("runs", { paperFacts: [paper("seeds", 5, 6, "We report the mean of 5 seeds.")] }),
    ).toMatchObject({
      status: "disclosed",
      message: "5 seeds (p. 6).",
    });
  });

  it("is missing otherwise", () => {
    expect(evaluate("runs", {})).toEqual({
      status: "missing",
      message: "The paper does not say how many runs or seeds the results come from.",
      values: {},
      evidence: [],
    });
  });
});

describe("location", () => {
  it("is disclosed by a country, a computing centre or a region", () => {
    const country = paper("country", "DE", 4, "on our university cluster in Germany");
    expect(evaluate("location", { paperFacts: [country] })).toEqual({
      status: "disclosed",
      message: "country Germany (p. 4).",
      values: { paper: "DE" },
      evidence: [country.evidence],
    });
    expect(
      evaluate("location", {
        paperFacts: [
          paper("cloud_provider", "gcp", 4, "on Google Cloud in europe-west4"),
          paper("region", "europe-west4", 4, "on Google Cloud in europe-west4"),
        ],
      }).message,
    ).toBe("region europe-west4 (p. 4); cloud provider Google Cloud Platform (p. 4).");
    expect(
      evaluate("location", {
        paperFacts: [paper("computing_centre", "idris-jean-zay", 5, "on the Jean Zay supercomputer")],
      }),
    ).toMatchObject({ status: "disclosed", message: "computing centre Jean Zay (IDRIS) (p. 5)." });
  });

  it("is partial with a cloud provider and no region", () => {
    expect(
      evaluate("location", { paperFacts: [paper("cloud_provider", "aws", 3, "We train on AWS.")] }),
    ).toMatchObject({
      status: "partial",
      message:
        "cloud provider Amazon Web Services (p. 3): add the region, the grid's carbon intensity depends on it.",
    });
  });

  it("is disclosed by a declared location", () => {
    expect(evaluate("location", { declaration: "location:\n  country: FR\n" })).toMatchObject({
      status: "disclosed",
      message: "country France (footprint.yml:2).",
    });
  });

  it("is inferred when only the code points to a place", () => {
    const region = code("region", "us-east-1", "deploy/aws.yaml", 4);
    expect(evaluate("location", { codeFacts: [region] })).toEqual({
      status: "inferred",
      message:
        "The code points to region us-east-1 (deploy/aws.yaml:4); the paper does not say where training ran.",
      values: { code: "us-east-1" },
      evidence: [region.evidence],
    });
  });

  it("is missing otherwise", () => {
    expect(evaluate("location", {}).status).toBe("missing");
  });
});

describe("energy and emissions", () => {
  const sentence = "Training consumed 96 kWh and emitted 33 kg CO2e.";

  it("is disclosed by energy and emissions, or by emissions alone", () => {
    const energy = paper("energy_kwh", 96, 7, sentence);
    const co2 = paper("co2e_kg", 33, 7, sentence);
    expect(evaluate("energy_emissions", { paperFacts: [energy, co2] })).toEqual({
      status: "disclosed",
      message: "96 kWh (p. 7); 33 kgCO2e (p. 7).",
      values: { paper: 96 },
      evidence: [energy.evidence, co2.evidence],
    });
    expect(evaluate("energy_emissions", { paperFacts: [co2] }).status).toBe("disclosed");
  });

  it("is partial with energy alone", () => {
    expect(
      evaluate("energy_emissions", { paperFacts: [paper("energy_kwh", 96, 7, sentence)] }),
    ).toMatchObject({
      status: "partial",
      message: "96 kWh (p. 7); add the emissions and where they were computed.",
    });
  });

  it("is disclosed by declared emissions", () => {
    expect(evaluate("energy_emissions", { declaration: "co2e_kg: 4.2\n" })).toMatchObject({
      status: "disclosed",
      message: "4.2 kgCO2e (footprint.yml:1).",
    });
  });

  it("is inferred from a measurement in the repository", () => {
    const measured = code("co2e_kg", 0.52, "emissions.csv", 2, { measured: true });
    expect(evaluate("energy_emissions", { codeFacts: [measured] })).toEqual({
      status: "inferred",
      message: "The repository holds a measurement: 0.52 kgCO2e (emissions.csv:2); report it in the paper.",
      values: { code: 0.52 },
      evidence: [measured.evidence],
    });
  });

  it("is missing otherwise", () => {
    expect(evaluate("energy_emissions", {}).status).toBe("missing");
  });
});

describe("inference cost", () => {
  const deployed = "At inference time it plans in 12 ms on a single laptop CPU.";

  it("does not apply when the paper does not deploy a model", () => {
    expect(
      evaluate("inference_cost", { paperFacts: [paper("hardware", "nvidia-rtx-3090", 4, SETUP)] }),
    ).toEqual({
      status: "not_applicable",
      message: "The paper does not describe deploying its model.",
      values: {},
      evidence: [],
    });
  });

  it("is disclosed with the inference hardware and its cost", () => {
    const hardware = paper("hardware", "nvidia-t4", 8, "We serve the model on T4 GPUs.", {
      context: "inference",
    });
    const time = paper("training_time_hours", 0.01, 8, "A request takes 36 seconds.", {
      context: "inference",
    });
    expect(evaluate("inference_cost", { paperFacts: [hardware, time] })).toEqual({
      status: "disclosed",
      message: "Inference on nvidia-t4 (p. 8) with its cost (p. 8).",
      values: {},
      evidence: [hardware.evidence, time.evidence],
    });
  });

  it("is partial with only the hardware, or only the cost", () => {
    const hardware = paper("accelerator_count", 1, 8, deployed, { context: "inference" });
    expect(evaluate("inference_cost", { paperFacts: [hardware] })).toMatchObject({
      status: "partial",
      message: "The paper speaks of inference (p. 8) but not of its time or energy per request.",
    });
    const energy = paper("energy_kwh", 0.002, 9, "Each query uses 2 Wh.", { context: "inference" });
    expect(evaluate("inference_cost", { paperFacts: [energy] })).toMatchObject({
      status: "partial",
      message: "The paper speaks of inference (p. 9) but not of the hardware it runs on.",
    });
  });
});

describe("consistency", () => {
  const paperEpochs = paper("epochs", 100, 4, "We train for 100 epochs.");
  const codeEpochs = code("epochs", 300, "scripts/train.slurm", 9);

  it("does not apply without code or without a paper", () => {
    expect(evaluate("consistency", { hasCode: false })).toMatchObject({
      status: "not_applicable",
      message: "No training code was found to compare with.",
    });
    expect(evaluate("consistency", { hasPaper: false })).toMatchObject({
      status: "not_applicable",
      message: "No paper was found to compare with.",
    });
  });

  it("is inconsistent with each mismatch, its values and their places", () => {
    const outcome = evaluate("consistency", {
      crosscheck: [
        {
          field: "epochs",
          status: "mismatch",
          paper: { value: 100, evidence: paperEpochs.evidence },
          code: { value: 300, evidence: codeEpochs.evidence },
        },
        {
          field: "hardware",
          status: "mismatch",
          paper: { value: "nvidia-v100", evidence: paperEpochs.evidence },
          code: { value: "nvidia-a100-80gb", evidence: codeEpochs.evidence },
        },
      ],
    });
    expect(outcome.status).toBe("inconsistent");
    expect(outcome.message).toBe(
      "epochs: paper 100 (p. 4), code 300 (scripts/train.slurm:9); hardware: paper NVIDIA V100 (p. 4), code NVIDIA A100 SXM4 80 GB (scripts/train.slurm:9).",
    );
  });

  it("is partial when a difference needs a human look", () => {
    expect(
      evaluate("consistency", {
        crosscheck: [
          {
            field: "batch_size",
            status: "needs_human",
            paper: { value: 256, evidence: paperEpochs.evidence },
            code: { value: 32, evidence: codeEpochs.evidence },
            note: "256 vs 32: a factor of 8",
          },
        ],
      }),
    ).toEqual({
      status: "partial",
      message: "Needs a human look: batch_size (256 vs 32: a factor of 8).",
      values: {},
      evidence: [paperEpochs.evidence, codeEpochs.evidence],
    });
  });

  it("is disclosed when what both sides state agrees", () => {
    const match = (field: string): CrosscheckEntry => ({
      field,
      status: "match",
      paper: { value: 1, evidence: paperEpochs.evidence },
      code: { value: 1, evidence: codeEpochs.evidence },
    });
    expect(evaluate("consistency", { crosscheck: [match("hardware"), match("epochs")] })).toMatchObject({
      status: "disclosed",
      message: "Compared hardware, epochs: the paper and the code agree.",
    });
  });

  it("is not applicable, and says why, when no field is stated by both", () => {
    expect(
      evaluate("consistency", {
        crosscheck: [
          { field: "hardware", status: "paper_only", paper: null, code: null },
          { field: "epochs", status: "code_only", paper: null, code: null },
        ],
      }),
    ).toMatchObject({
      status: "not_applicable",
      message:
        "Nothing to compare: no field is stated by both; the paper alone states hardware; the code alone sets epochs.",
    });
  });
});

describe("the venue checklist's answer", () => {
  const checklist = (answer: VenueAnswer["answer"], justification: string | null): VenueAnswer => ({
    venue: "neurips",
    item: "neurips.8",
    answer,
    justification,
    evidence: {
      kind: "paper",
      page: 12,
      section: "NeurIPS Paper Checklist",
      quote: "Experiments compute resources Answer: [Yes]",
      start: 0,
      end: 40,
    },
  });

  it("finds a Yes with no compute facts in the paper", () => {
    const answer = checklist("yes", "See Section 4.");
    expect(
      evaluate("venue_answer", {
        venueAnswers: [answer],
        paperFacts: [
          paper("epochs", 100, 4, "We train for 100 epochs."),
          paper("hardware", "google-tpu-v3", 2, "Prior work used TPU v3 chips.", { context: "other" }),
        ],
      }),
    ).toEqual({
      status: "inconsistent",
      message:
        'neurips.8 answered Yes (p. 12): "See Section 4.", but the paper states no hardware, device count or training time.',
      values: {},
      evidence: [answer.evidence],
    });
  });

  it("is disclosed when a Yes is backed by compute facts", () => {
    expect(
      evaluate("venue_answer", {
        venueAnswers: [checklist("yes", null)],
        paperFacts: [
          paper("hardware", "nvidia-rtx-3090", 4, SETUP),
          paper("training_time_hours", 18, 4, SETUP),
        ],
      }),
    ).toMatchObject({
      status: "disclosed",
      message: "neurips.8 answered Yes (p. 12); the paper states hardware, training_time_hours.",
    });
  });

  it("shows a No or N/A as the authors' statement, and a TODO as missing", () => {
    expect(
      evaluate("venue_answer", { venueAnswers: [checklist("no", "We did not track it.")] }),
    ).toMatchObject({
      status: "partial",
      message: 'neurips.8 answered No (p. 12): "We did not track it.".',
    });
    expect(evaluate("venue_answer", { venueAnswers: [checklist("na", null)] })).toMatchObject({
      status: "partial",
      message: "neurips.8 answered N/A (p. 12).",
    });
    expect(evaluate("venue_answer", { venueAnswers: [checklist("todo", null)] })).toMatchObject({
      status: "missing",
      message: "neurips.8 answered TODO (p. 12): the answer is still a TODO.",
    });
  });

  it("is missing without an answer, and does not apply without a paper", () => {
    expect(evaluate("venue_answer", {})).toMatchObject({
      status: "missing",
      message: "No compute-resources answer of a venue checklist was found in the paper.",
    });
    expect(evaluate("venue_answer", { hasPaper: false })).toMatchObject({
      status: "not_applicable",
      message: "No paper to read a checklist answer from.",
    });
  });
});
