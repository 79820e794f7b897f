/**
 * The paper/code cross-check on facts we build by hand: each tolerance of the module's doc comment, the cases
 * that need a human, and the evidence each verdict carries.
 */
import { chosenFrom } from "../helpers/chosen.js";
import { codeFact as buildCodeFact, paperFact as buildPaperFact } from "../helpers/facts.js";
import type { FactTag } from "../../src/domain/tags.js";
import { crosscheck, type CrosscheckInput } from "../../src/judge/crosscheck.js";
import type { CrosscheckEntry } from "../../src/judge/types.js";
import type { Fact, FactField, FactValue, SummaryField } from "../../src/domain/facts.js";

const MAIN = "train.py";

function paperFact(
  field: FactField,
  value: FactValue,
  quote = `We train the model (${field} ${value}).`,
  extra: Partial<Fact> = {},
): Fact {
  return buildPaperFact(field, value, quote, { page: 4, start: 100 }, { confidence: 0.95, ...extra });
}

function codeFact(
  field: FactField,
  value: FactValue,
  file: string,
  line: number,
  tags: FactTag[],
  extra: Partial<Fact> = {},
): Fact {
  return buildCodeFact(field, value, file, line, { tags, entry_point: MAIN, ...extra });
}

function check(
  paperFacts: Fact[],
  codeFacts: Fact[],
  options: {
    paperSummary?: Partial<Record<SummaryField, FactValue>>;
    codeSummary?: Partial<Record<SummaryField, FactValue>>;
    main?: string | null;
    paperAlternatives?: Array<{ fact: Fact; probability: number }>;
  } = {},
): CrosscheckEntry[] {
  // By default each summary holds the first fact of each field, as the readers' summaries would.
  const firstValues = (facts: Fact[]) => {
    const values: Partial<Record<SummaryField, FactValue>> = {};
    for (const f of facts) {
      const field = f.field as SummaryField;
      if (!(field in values)) values[field] = f.value;
    }
    return values;
  };
  const input: CrosscheckInput = {
    paperFacts,
    paperChosen: chosenFrom(paperFacts, options.paperSummary ?? firstValues(paperFacts)),
    codeFacts,
    codeChosen: chosenFrom(codeFacts, options.codeSummary ?? firstValues(codeFacts)),
    mainEntryPoint: options.main === undefined ? MAIN : options.main,
    ...(options.paperAlternatives ? { paperAlternatives: options.paperAlternatives } : {}),
  };
  return crosscheck(input);
}

function entryFor(entries: CrosscheckEntry[], field: string): CrosscheckEntry {
  const found = entries.filter((e) => e.field === field);
  if (found.length !== 1) throw new Error(`expected one ${field} entry, got ${JSON.stringify(entries)}`);
  return found[0] as CrosscheckEntry;
}

const LAUNCH = "scripts/train.sh";

describe("numbers match within 10 %", () => {
  it("matches 36 h in the paper against 38 h configured in the code", () => {
    const entries = check(
      [paperFact("training_time_hours", 36)],
      [codeFact("training_time_hours", 38, "configs/run.yaml", 3, ["yaml"])],
    );
    expect(entryFor(entries, "training_time_hours")).toMatchObject({
      status: "match",
      paper: { value: 36 },
      code: { value: 38 },
    });
  });

  it("matches 100 epochs against 109 but not against 115", () => {
    expect(
      entryFor(check([paperFact("epochs", 100)], [codeFact("epochs", 109, LAUNCH, 2, ["launch"])]), "epochs")
        .status,
    ).toBe("match");
    expect(
      entryFor(check([paperFact("epochs", 100)], [codeFact("epochs", 115, LAUNCH, 2, ["launch"])]), "epochs")
        .status,
    ).toBe("mismatch");
  });
});

describe("hardware", () => {
  it("matches an A100 in the paper with an A100 80GB job by family", () => {
    const entries = check(
      [paperFact("hardware", "nvidia-a100")],
      [codeFact("hardware", "nvidia-a100-80gb", "job.slurm", 4, ["slurm", "scheduler"])],
    );
    expect(entryFor(entries, "hardware")).toMatchObject({
      status: "match",
      paper: { value: "nvidia-a100" },
      code: { value: "nvidia-a100-80gb" },
    });
  });

  it("flags a V100 paper against an A100 job as a mismatch", () => {
    const entries = check(
      [paperFact("hardware", "nvidia-v100")],
      [codeFact("hardware", "nvidia-a100-80gb", "job.slurm", 4, ["slurm", "scheduler"])],
    );
    expect(entryFor(entries, "hardware").status).toBe("mismatch");
  });

  it("asks a human when the code's hardware is a weak hint", () => {
    const entries = check(
      [paperFact("hardware", "nvidia-v100")],
      [
        codeFact("hardware", "nvidia-a100-80gb", "job.slurm", 5, ["slurm", "scheduler"], {
          confidence: 0.55,
        }),
      ],
    );
    expect(entryFor(entries, "hardware")).toMatchObject({
      status: "needs_human",
      note: "the code's hardware comes from a weak hint (a partition name or a README line)",
    });
  });

  it("compares a line of a language it does not parse only when every such line agrees and the paper's value is nowhere in the code", () => {
    const unparsed = (value: number, file: string, line: number) =>
      codeFact("batch_size", value, file, line, ["per_device", "other_language"], {
        confidence: 0.4,
        // As read: a file the Python reader does not parse belongs to no entry point.
        entry_point: undefined,
      });
    // Such a line is read at 0.4, below the bar of the code's other facts; no Python main script was found.
    const entries = check(
      [paperFact("batch_size", 32)],
      [unparsed(50, "lua/DQN.lua", 34), unparsed(32, "gazebo/ArmPlugin.cpp", 43)],
      { main: null },
    );
    expect(entryFor(entries, "batch_size")).toMatchObject({
      status: "needs_human",
      note: "the code's 50 is read from a line of a language the reader does not parse (lua/DQN.lua:34)",
    });
    const lines = [unparsed(4, "train.lua", 62), unparsed(4, "depth/main.lua", 10)];
    expect(entryFor(check([paperFact("batch_size", 3)], lines, { main: null }), "batch_size")).toMatchObject({
      status: "mismatch",
      paper: { value: 3 },
      code: { value: 4, evidence: { file: "train.lua", line: 62 } },
    });
    // Beside a Python main script: the unparsed line is the run's only when it is a training file and the
    // Python script is not named for training.
    const beside = (main: string, file: string) =>
      entryFor(check([paperFact("batch_size", 3)], [unparsed(4, file, 62)], { main }), "batch_size").status;
    expect(beside("scripts/make_style_dataset.py", "train.lua")).toBe("mismatch");
    expect(beside("train.py", "train.lua")).toBe("needs_human");
    expect(beside("scripts/make_style_dataset.py", "csrc/kernel.cu")).toBe("needs_human");
    // A Python main that sets anything (its steps) is a training script whatever its name.
    const experiment = check(
      [paperFact("batch_size", 3)],
      [
        unparsed(4, "train.lua", 62),
        codeFact("steps", 100000, "experiment.py", 9, ["default"], { entry_point: "experiment.py" }),
      ],
      { main: "experiment.py" },
    );
    expect(entryFor(experiment, "batch_size").status).toBe("needs_human");
    // A parsed script setting another value of the field: no one answer.
    const twoScripts = check(
      [paperFact("batch_size", 3)],
      [
        unparsed(4, "train.lua", 62),
        codeFact("batch_size", 16, "train_gan.py", 5, ["default"], { entry_point: "train_gan.py" }),
      ],
      { main: null },
    );
    expect(entryFor(twoScripts, "batch_size").status).toBe("needs_human");
    // Two unparsed lines that disagree leave the code without one answer.
    const split = [unparsed(4, "train.lua", 62), unparsed(8, "depth/main.lua", 10)];
    expect(entryFor(check([paperFact("batch_size", 3)], split, { main: null }), "batch_size").status).toBe(
      "needs_human",
    );
    // The probabilities still have their say.
    const paperFacts = [paperFact("batch_size", 3)];
    const codeChosen = chosenFrom(lines, { batch_size: 4 });
    const unsure = crosscheck({
      paperFacts,
      paperChosen: chosenFrom(paperFacts, { batch_size: 3 }),
      codeFacts: lines,
      codeChosen: { batch_size: { ...codeChosen.batch_size!, probability: 0.4 } },
      mainEntryPoint: null,
    });
    expect(entryFor(unsure, "batch_size")).toMatchObject({
      status: "needs_human",
      note: "the code's value is uncertain (probability 0.40): please confirm it",
    });
    const agreeing = check(
      [paperFact("batch_size", 50)],
      [codeFact("batch_size", 50, "lua/DQN.lua", 34, ["per_device", "other_language"], { confidence: 0.4 })],
      { main: null },
    );
    expect(entryFor(agreeing, "batch_size").status).toBe("match");
    const codeOnly = check(
      [],
      [codeFact("batch_size", 50, "lua/DQN.lua", 34, ["per_device", "other_language"], { confidence: 0.4 })],
      { main: null },
    );
    expect(entryFor(codeOnly, "batch_size").status).toBe("code_only");
    // The ranker chose the unparsed line, but the parsed main run sets the paper's value: they agree.
    const mainSetsIt = check(
      [paperFact("batch_size", 32)],
      [
        codeFact("batch_size", 64, "csrc/train.cpp", 3, ["per_device", "other_language"], {
          confidence: 0.4,
        }),
        codeFact("batch_size", 32, MAIN, 12, ["per_device", "argparse", "default"]),
      ],
    );
    expect(entryFor(mainSetsIt, "batch_size")).toMatchObject({ status: "match", code: { value: 32 } });
    // A vendored unparsed line is not the authors' run at all.
    const vendored = check(
      [paperFact("batch_size", 32)],
      [codeFact("batch_size", 64, "third_party/x/train.cpp", 3, ["other_language"], { confidence: 0.4 })],
      { main: null },
    );
    expect(entryFor(vendored, "batch_size").status).toBe("paper_only");
  });

  it("asks a human when another launch file of the code asks for the paper's GPU", () => {
    const codeFacts = [
      codeFact("hardware", "nvidia-a100", "conf/hydra/launcher/a100.yaml", 9, ["scheduler", "constraint"]),
      // A launcher config the main run's defaults do not select: not on its path.
      codeFact(
        "hardware",
        "nvidia-v100-32gb",
        "conf/hydra/launcher/volta.yaml",
        9,
        ["scheduler", "architecture"],
        { entry_point: "other.py" },
      ),
    ];
    const entries = check([paperFact("hardware", "nvidia-v100")], codeFacts);
    expect(entryFor(entries, "hardware")).toMatchObject({
      status: "needs_human",
      note: "the code also asks for nvidia-v100-32gb (conf/hydra/launcher/volta.yaml:9): which launch ran?",
    });
    // The other launcher asks for the architecture of the paper's V100S.
    const v100s = check([paperFact("hardware", "nvidia-v100s")], codeFacts);
    expect(entryFor(v100s, "hardware").status).toBe("needs_human");
    // An evaluation job asking for the paper's GPU says nothing of the training run: the disagreement stands.
    const evaluation = check(
      [paperFact("hardware", "nvidia-v100")],
      [
        codeFacts[0]!,
        codeFact("hardware", "nvidia-v100", "eval.sh", 3, ["scheduler", "gpu_type"], {
          entry_point: "eval.py",
          context: "inference",
        }),
      ],
    );
    expect(entryFor(evaluation, "hardware").status).toBe("mismatch");
  });

  it("compares an architecture the job requires by architecture: an A100 disagrees, a Titan V may not", () => {
    const volta = codeFact("hardware", "nvidia-v100", "job.slurm", 6, ["slurm", "scheduler", "architecture"]);
    expect(entryFor(check([paperFact("hardware", "nvidia-a100")], [volta]), "hardware").status).toBe(
      "mismatch",
    );
    expect(entryFor(check([paperFact("hardware", "nvidia-titan-v")], [volta]), "hardware")).toMatchObject({
      status: "needs_human",
      note: "the code asks for the volta architecture, which includes the paper's nvidia-titan-v",
    });
    expect(entryFor(check([paperFact("hardware", "nvidia-v100-32gb")], [volta]), "hardware").status).toBe(
      "match",
    );
  });
});

describe("several values", () => {
  it("matches a paper value that equals any value the code sets, with a note", () => {
    const launch = codeFact("batch_size", 64, LAUNCH, 2, ["launch", "override"]);
    const config = codeFact("batch_size", 128, "configs/large.yaml", 7, ["yaml"]);
    const entry = entryFor(check([paperFact("batch_size", 128)], [launch, config]), "batch_size");
    expect(entry).toEqual({
      field: "batch_size",
      status: "match",
      paper: { value: 128, evidence: expect.objectContaining({ kind: "paper" }) },
      code: { value: 128, evidence: config.evidence },
      note: "the paper's 128 matches a value the code sets",
    });
  });

  it("matches when a second statement of the paper equals the code", () => {
    const entry = entryFor(
      check(
        [paperFact("epochs", 100), paperFact("epochs", 300, "The longer schedule runs for 300 epochs.")],
        [codeFact("epochs", 300, LAUNCH, 2, ["launch"])],
        { paperSummary: { epochs: 100 } },
      ),
      "epochs",
    );
    expect(entry.status).toBe("match");
    expect(entry.paper?.value).toBe(300);
    expect(entry.note).toBe("the paper's 300 matches a value the code sets");
  });

  it("asks a human when a value the paper's selector did not choose (a hyper-parameter table it doubted) is the code's", () => {
    const table = paperFact(
      "epochs",
      15,
      "Table 4: Hyperparameters. Learning rate 0.001 Optimizer AdamW Epochs 15",
      {
        confidence: 0.3,
        tags: ["broad"],
      },
    );
    const paper = [paperFact("epochs", 30, "We plot the loss for all 30 epochs.")];
    const code = [codeFact("epochs", 15, LAUNCH, 2, ["launch"])];
    expect(entryFor(check(paper, code), "epochs").status).toBe("mismatch");
    const entry = entryFor(
      check(paper, code, { paperAlternatives: [{ fact: table, probability: 0.37 }] }),
      "epochs",
    );
    expect(entry.status).toBe("needs_human");
    expect(entry.note).toBe("the paper also states 15 (p. 4): which run does each value describe?");
    // An alternative the code does not set changes nothing.
    const other = paperFact("epochs", 50, "Epochs 50", { confidence: 0.3, tags: ["broad"] });
    expect(
      entryFor(check(paper, code, { paperAlternatives: [{ fact: other, probability: 0.37 }] }), "epochs")
        .status,
    ).toBe("mismatch");
    // Nor does a number the selector all but rules out (a figure's axis labels).
    expect(
      entryFor(check(paper, code, { paperAlternatives: [{ fact: table, probability: 0.01 }] }), "epochs")
        .status,
    ).toBe("mismatch");
  });

  it("asks a human when the paper's selector is sure of two other values: the paper describes several runs", () => {
    const paper = [paperFact("epochs", 2, "Then, for 2 epochs on 100 images, we recorded the score.")];
    const code = [codeFact("epochs", 50, LAUNCH, 2, ["launch"])];
    const fullRun = paperFact("epochs", 32, "We obtained our fully-trained model by training for 32 epochs.");
    const original = paperFact("epochs", 43, "The original paper trained for 43 epochs.");
    const judged = (alternatives: Array<{ fact: Fact; probability: number }>) =>
      entryFor(check(paper, code, { paperAlternatives: alternatives }), "epochs");
    expect(
      judged([
        { fact: fullRun, probability: 0.6 },
        { fact: original, probability: 0.84 },
      ]),
    ).toMatchObject({
      status: "needs_human",
      note: "the paper also states 43 (p. 4; probability 0.84) and 32 (p. 4; probability 0.60): which is the run the code sets?",
    });
    // One other value (a second model, a stage) is common: the disagreement stands; so it does below even odds, or
    // when the other statements repeat one value or the chosen one.
    expect(judged([{ fact: original, probability: 0.84 }]).status).toBe("mismatch");
    expect(
      judged([
        { fact: fullRun, probability: 0.4 },
        { fact: original, probability: 0.84 },
      ]).status,
    ).toBe("mismatch");
    expect(
      judged([
        { fact: original, probability: 0.84 },
        { fact: { ...original, evidence: fullRun.evidence }, probability: 0.7 },
        { fact: paperFact("epochs", 2, "Both runs last 2 epochs."), probability: 0.9 },
      ]).status,
    ).toBe("mismatch");
  });

  it("never matches on paper statements about other work or below the confidence bar, and asks a human instead of asserting a disagreement", () => {
    const entry = entryFor(
      check(
        [
          paperFact("epochs", 100),
          paperFact("epochs", 300, "Prior work trained for 300 epochs.", { context: "other" }),
          paperFact("epochs", 300, "A schedule of 300 epochs is common.", { confidence: 0.5 }),
        ],
        [codeFact("epochs", 300, LAUNCH, 2, ["launch"])],
        { paperSummary: { epochs: 100 } },
      ),
      "epochs",
    );
    expect(entry.status).toBe("needs_human");
    expect(entry.note).toBe("the paper also states 300 (p. 4): which run does each value describe?");
  });

  it("ignores a default the launch command overrides", () => {
    const defaultEpochs = codeFact("epochs", 100, MAIN, 12, ["default", "argparse", "overridden"], {
      confidence: 0.7,
    });
    const override = codeFact("epochs", 300, LAUNCH, 9, ["override", "launch"]);
    const entry = entryFor(
      check([paperFact("epochs", 100)], [override, defaultEpochs], { codeSummary: { epochs: 300 } }),
      "epochs",
    );
    expect(entry.status).toBe("mismatch");
    // The code side shows its chain: the launch line's value, over the script's default.
    expect(entry.code).toEqual({
      value: 300,
      evidence: override.evidence,
      overrides: [{ value: 100, evidence: defaultEpochs.evidence }],
    });
  });

  it("does not match on a value set outside the main run's path (a test script, another trainer)", () => {
    const main = codeFact("epochs", 300, MAIN, 12, ["argparse", "default"]);
    const elsewhere = codeFact("epochs", 100, "tests/test_train.py", 4, ["module_constant"], {
      entry_point: undefined,
    });
    const entry = entryFor(
      check([paperFact("epochs", 100)], [main, elsewhere], { codeSummary: { epochs: 300 } }),
      "epochs",
    );
    expect(entry).toMatchObject({ status: "mismatch", paper: { value: 100 }, code: { value: 300 } });
  });
});

describe("batch size", () => {
  it("matches the paper's global batch with the effective batch (per device × devices)", () => {
    const perDevice = codeFact("batch_size", 32, LAUNCH, 9, ["per_device", "override", "launch"]);
    const effective = codeFact("batch_size", 256, LAUNCH, 9, ["effective", "derived"], { confidence: 0.85 });
    const entry = entryFor(
      check([paperFact("batch_size", 256)], [perDevice, effective], { codeSummary: { batch_size: 32 } }),
      "batch_size",
    );
    expect(entry).toMatchObject({ status: "match", code: { value: 256, evidence: effective.evidence } });
    expect(entry.note).toBe("the paper's 256 matches a value the code sets");
  });

  it("does not match on a derived value that is not the effective batch", () => {
    const perDevice = codeFact("batch_size", 32, LAUNCH, 9, ["per_device", "override", "launch"]);
    const derived = codeFact("batch_size", 256, LAUNCH, 9, ["derived"]);
    const entry = entryFor(
      check([paperFact("batch_size", 256)], [perDevice, derived], { codeSummary: { batch_size: 32 } }),
      "batch_size",
    );
    expect(entry.status).toBe("needs_human");
  });

  it("asks a human when the batch sizes differ by an integer factor", () => {
    const entry = entryFor(
      check([paperFact("batch_size", 256)], [codeFact("batch_size", 32, LAUNCH, 9, ["launch"])]),
      "batch_size",
    );
    expect(entry).toMatchObject({
      status: "needs_human",
      paper: { value: 256 },
      code: { value: 32 },
      note: "256 vs 32: a factor of 8 can be devices × gradient accumulation (per-device vs global batch)",
    });
  });

  it("calls a larger paper batch a mismatch when the main run states one device and no accumulation", () => {
    const oneGpu = codeFact("accelerator_count", 1, "job.slurm", 7, [
      "scheduler",
      "slurm",
      "total",
      "directive",
    ]);
    const batch = codeFact("batch_size", 8, MAIN, 26, ["per_device", "default", "argparse"]);
    const judge = (setup: Fact[], paper = paperFact("batch_size", 64)) =>
      entryFor(check([paper], [batch, ...setup]), "batch_size").status;
    expect(entryFor(check([paperFact("batch_size", 64)], [batch, oneGpu]), "batch_size")).toMatchObject({
      status: "mismatch",
      paper: { value: 64 },
      code: { value: 8 },
    });
    // Accumulation or several nodes multiply the batch; a smaller paper batch may be the code's split per device.
    expect(judge([oneGpu, codeFact("gradient_accumulation", 8, MAIN, 27, ["default", "argparse"])])).toBe(
      "needs_human",
    );
    expect(judge([oneGpu, codeFact("nodes", 4, MAIN, 28, ["default", "argparse"])])).toBe("needs_human");
    expect(judge([oneGpu], paperFact("batch_size", 2))).toBe("needs_human");
    // A batch of tokens is not one of examples.
    expect(judge([oneGpu], paperFact("batch_size", 64, "A batch of 64 tokens.", { tags: ["tokens"] }))).toBe(
      "needs_human",
    );
    // A second device count of the main run, one device only implied by .cuda() calls, or stated only by another
    // script: not one device stated for the run.
    expect(judge([oneGpu, codeFact("accelerator_count", 4, "run.sh", 3, ["launcher:torchrun"])])).toBe(
      "needs_human",
    );
    expect(judge([codeFact("accelerator_count", 1, MAIN, 85, ["implicit_single"])])).toBe("needs_human");
    expect(judge([{ ...oneGpu, entry_point: "eval.py" }])).toBe("needs_human");
  });

  it("calls a non-integer batch ratio a mismatch", () => {
    const entry = entryFor(
      check([paperFact("batch_size", 256)], [codeFact("batch_size", 96, LAUNCH, 9, ["launch"])]),
      "batch_size",
    );
    expect(entry.status).toBe("mismatch");
  });
});

describe("a scheduler's time limit", () => {
  const limit = (hours: number) =>
    codeFact("training_time_hours", hours, "job.slurm", 5, ["scheduler", "slurm", "time_limit"], {
      confidence: 0.3,
    });

  it("accepts a paper time within the #SBATCH --time limit", () => {
    const entry = entryFor(
      check([paperFact("training_time_hours", 36)], [limit(48)], { codeSummary: {} }),
      "training_time_hours",
    );
    expect(entry).toMatchObject({
      status: "match",
      paper: { value: 36 },
      code: { value: 48, evidence: { file: "job.slurm", line: 5 } },
      note: "within the job's time limit",
    });
  });

  it("asks a human when the paper's time exceeds the limit", () => {
    const entry = entryFor(
      check([paperFact("training_time_hours", 60)], [limit(48)], { codeSummary: {} }),
      "training_time_hours",
    );
    expect(entry).toMatchObject({
      status: "needs_human",
      code: { value: 48 },
      note: "the paper's 60 h exceed the job's 48 h time limit: several jobs?",
    });
  });

  it("reads a limit that is the code's summary value the same way", () => {
    const strongLimit = codeFact("training_time_hours", 48, "job.slurm", 5, ["slurm", "time_limit"]);
    const within = entryFor(
      check([paperFact("training_time_hours", 20)], [strongLimit]),
      "training_time_hours",
    );
    expect(within).toMatchObject({ status: "match", note: "within the job's time limit" });
    const over = entryFor(
      check([paperFact("training_time_hours", 72)], [strongLimit]),
      "training_time_hours",
    );
    expect(over).toMatchObject({
      status: "needs_human",
      note: "the paper's 72 h exceed the job's 48 h time limit: several jobs?",
    });
  });
});

describe("differences with an innocent explanation", () => {
  it("asks a human when parameter counts differ", () => {
    const entry = entryFor(
      check([paperFact("params", 48e6)], [codeFact("params", 125e6, "configs/model.yaml", 2, ["yaml"])]),
      "params",
    );
    expect(entry).toMatchObject({
      status: "needs_human",
      paper: { value: 48e6 },
      code: { value: 125e6 },
      note: "parameter counts differ: the code may load a pre-trained model larger than the trained part",
    });
  });

  it("asks a human when another training script sets the paper's value", () => {
    const entry = entryFor(
      check(
        [paperFact("epochs", 200)],
        [
          codeFact("epochs", 100, MAIN, 10, ["default", "argparse"]),
          codeFact("epochs", 200, "train_large.py", 10, ["default", "argparse"], {
            entry_point: "train_large.py",
          }),
        ],
      ),
      "epochs",
    );
    expect(entry).toMatchObject({
      status: "needs_human",
      code: { value: 100 },
      note: "the repository's training scripts set different values (train.py: 100; train_large.py: 200)",
    });
  });

  it("asks a human when the training scripts disagree, even when none sets the paper's value", () => {
    // Two tasks trained for 100 and 200 epochs, a paper stating 50 for a third model: no one answer to assert.
    const entry = entryFor(
      check(
        [paperFact("epochs", 50)],
        [
          codeFact("epochs", 100, MAIN, 10, ["default", "argparse"]),
          codeFact("epochs", 200, "train_large.py", 10, ["default", "argparse"], {
            entry_point: "train_large.py",
          }),
        ],
      ),
      "epochs",
    );
    expect(entry).toMatchObject({
      status: "needs_human",
      paper: { value: 50 },
      code: { value: 100 },
      note: "the repository's training scripts set different values (train.py: 100; train_large.py: 200)",
    });
  });

  it("asks a human when the README runs the main script with different values", () => {
    // A README running one script for several experiments (50, 1 and 300 epochs), a paper stating 30.
    const readme = (value: number, line: number) =>
      codeFact("epochs", value, "README.md", line, ["override", "launch", "launcher:python"]);
    const entry = entryFor(
      check([paperFact("epochs", 30)], [readme(50, 10), readme(1, 12), readme(300, 14)]),
      "epochs",
    );
    expect(entry).toMatchObject({
      status: "needs_human",
      code: { value: 50 },
      note: "the documentation runs the main script with different values: 50 (README.md:10), 1 (README.md:12), 300 (README.md:14)",
    });
  });

  it("still flags the main run when its launch scripts set different values (one run per dataset)", () => {
    // `single-cifar.sh` and `single-imagenet.sh` run 300 and 500 epochs; a paper's 350 disagrees with both.
    const entry = entryFor(
      check(
        [paperFact("epochs", 350)],
        [
          codeFact("epochs", 300, "scripts/cifar.sh", 3, ["override", "launch", "launcher:python"]),
          codeFact("epochs", 500, "scripts/imagenet.sh", 3, ["override", "launch", "launcher:python"]),
        ],
      ),
      "epochs",
    );
    expect(entry).toMatchObject({ status: "mismatch", paper: { value: 350 }, code: { value: 300 } });
  });

  it("still flags the main run when its launches agree, or only an example launch differs", () => {
    const launch = (value: number, line: number, tags: FactTag[] = []) =>
      codeFact("epochs", value, LAUNCH, line, ["override", "launch", "launcher:python", ...tags]);
    const agree = entryFor(check([paperFact("epochs", 30)], [launch(50, 2), launch(50, 4)]), "epochs");
    expect(agree).toMatchObject({ status: "mismatch", paper: { value: 30 }, code: { value: 50 } });
    const example = entryFor(
      check([paperFact("epochs", 30)], [launch(50, 2), launch(1, 4, ["variant"])]),
      "epochs",
    );
    expect(example).toMatchObject({ status: "mismatch", paper: { value: 30 }, code: { value: 50 } });
  });

  it("flags the main run's value when the other scripts are not training (a test's one epoch)", () => {
    const entry = entryFor(
      check(
        [paperFact("epochs", 50)],
        [
          codeFact("epochs", 100, MAIN, 10, ["default", "argparse"]),
          codeFact("epochs", 1, "tests/test_train.py", 3, ["module_constant"], {
            entry_point: "tests/test_train.py",
            context: "other",
          }),
        ],
      ),
      "epochs",
    );
    expect(entry).toMatchObject({ status: "mismatch", paper: { value: 50 }, code: { value: 100 } });
  });

  it("still flags the main run when only one script sets values, whatever else its run computes or imports", () => {
    // One script: its per-device batch and the effective batch it implies, and a helper module's constant.
    const batch = entryFor(
      check(
        [paperFact("batch_size", 100)],
        [
          codeFact("batch_size", 16, "launch.sh", 2, ["per_device", "override", "launch"]),
          codeFact("batch_size", 512, "launch.sh", 2, ["effective", "derived"]),
        ],
      ),
      "batch_size",
    );
    expect(batch).toMatchObject({ status: "mismatch", paper: { value: 100 }, code: { value: 16 } });
    const helper = entryFor(
      check(
        [paperFact("epochs", 50)],
        [
          codeFact("epochs", 100, MAIN, 10, ["default", "argparse"]),
          codeFact("epochs", 300, "utils/schedule.py", 4, ["module_constant"]),
        ],
      ),
      "epochs",
    );
    expect(helper).toMatchObject({ status: "mismatch", code: { value: 100 } });
  });

  it("a debug script's values do not make the training scripts disagree", () => {
    const entry = entryFor(
      check(
        [paperFact("epochs", 50)],
        [
          codeFact("epochs", 100, MAIN, 10, ["default", "argparse"]),
          codeFact("epochs", 2, "debug_train.py", 8, ["default", "argparse"], {
            entry_point: "debug_train.py",
          }),
        ],
      ),
      "epochs",
    );
    expect(entry).toMatchObject({ status: "mismatch", code: { value: 100 } });
  });

  it("a more specific explanation speaks before the scripts' disagreement (a quick test)", () => {
    const entry = entryFor(
      check(
        [paperFact("epochs", 100)],
        [
          codeFact("epochs", 3, MAIN, 10, ["default", "argparse"]),
          codeFact("epochs", 10, "train_large.py", 10, ["default", "argparse"], {
            entry_point: "train_large.py",
          }),
        ],
      ),
      "epochs",
    );
    expect(entry).toMatchObject({
      status: "needs_human",
      note: "the code's 3 epochs look like a quick test next to the paper's 100",
    });
  });

  it("asks a human when the paper's length is a cap (at the value, or with early stopping)", () => {
    const statusFor = (field: "epochs" | "steps", value: number, quote: string) =>
      entryFor(
        check(
          [paperFact(field, value, quote, { raw: String(value) })],
          [codeFact(field, field === "epochs" ? 100 : 1000, MAIN, 10, ["default", "argparse"])],
        ),
        field,
      );
    for (const quote of [
      "We train with a budget of 300 epochs, with early stopping (patience 5).",
      "Models train for a maximum of 300 epochs.",
      "Training runs for up to 300 epochs.",
      "The maximum number of epochs is set to 300.",
      "We train for 300 epochs at most.",
      "The model is trained for a maximum of 20 (MNIST) or 300 (CIFAR10) epochs.",
    ])
      expect(statusFor("epochs", 300, quote)).toMatchObject({
        status: "needs_human",
        note: "the paper's 300 epochs are an upper bound (a cap, or early stopping): the run may end before either cap",
      });
    expect(statusFor("steps", 50000, "We train for up to 50000 steps.").status).toBe("needs_human");
    // A cap word elsewhere in the sentence does not make the length a cap.
    for (const quote of [
      "We train for 300 epochs.",
      "We report the maximum accuracy after 300 epochs.",
      "We train for 300 epochs with a maximum learning rate of 0.1.",
      "Up to 8 GPUs are used and we train for 300 epochs.",
      "We train for 300 epochs under a fixed compute budget.",
      "The learning rate is reduced with patience 10 on plateau over 300 epochs.",
    ])
      expect([quote, statusFor("epochs", 300, quote).status]).toEqual([quote, "mismatch"]);
  });

  it("asks a human when the paper also states the code's value for another run", () => {
    const entry = entryFor(
      check(
        [
          paperFact("epochs", 50),
          paperFact("epochs", 5, "The federated baseline trains for 5 local epochs.", { context: "other" }),
        ],
        [codeFact("epochs", 5, MAIN, 10, ["default", "argparse"])],
      ),
      "epochs",
    );
    expect(entry).toMatchObject({
      status: "needs_human",
      paper: { value: 50 },
      code: { value: 5 },
      note: "the paper also states 5 (p. 4): which run does each value describe?",
    });
  });

  it("asks a human when a configuration file sets the paper's value for one of the several runs it configures", () => {
    const paper = [paperFact("batch_size", 48, "FullST-GCN-COCO is trained with batch size 48.")];
    const main = codeFact("batch_size", 64, MAIN, 22, ["loop_bound"]);
    const configured = (value: number, line: number, tags: FactTag[], extra: Partial<Fact> = {}) =>
      codeFact("batch_size", value, "results/selected_configs.json", line, tags, {
        entry_point: undefined,
        ...extra,
      });
    const lstm = configured(64, 279, ["json", "key:selected.LSTM.batch_size"]);
    const gcn = configured(48, 309, ["json", "key:selected.FullST.batch_size"]);
    const entry = entryFor(check(paper, [main, lstm, gcn]), "batch_size");
    expect(entry).toMatchObject({
      status: "needs_human",
      paper: { value: 48 },
      code: { value: 64 },
      note: "a configuration file of the code sets 48 for one of several runs (results/selected_configs.json:309): which run does the paper describe?",
    });
    // A config setting the field once (the script ignores it), another script's constant, an evaluation config,
    // a default a launch overrides: none says the paper describes another run.
    for (const others of [
      [gcn],
      [lstm, configured(48, 309, ["module_constant"])],
      [lstm, configured(48, 309, ["yaml", "key:eval.batch_size"], { context: "inference" })],
      [lstm, configured(48, 309, ["json", "overridden"])],
    ])
      expect(entryFor(check(paper, [main, ...others]), "batch_size").status).toBe("mismatch");
  });

  it("asks a human when one device is only implied by GPU calls", () => {
    const entry = entryFor(
      check(
        [paperFact("accelerator_count", 4)],
        [codeFact("accelerator_count", 1, MAIN, 12, ["implicit_single"])],
      ),
      "accelerator_count",
    );
    expect(entry).toMatchObject({
      status: "needs_human",
      note: "the code names no device count: one device is only implied by its GPU calls",
    });
  });

  it("matches the chosen paper value even when the paper's other statements differ", () => {
    const entry = entryFor(
      check(
        [
          // The selector chose 30 from a table cell the rules score low; the prose states 90 for another run.
          paperFact("epochs", 30, "Table 3: epochs 30.", { confidence: 0.5 }),
          paperFact("epochs", 90, "The ablation runs for 90 epochs."),
        ],
        [codeFact("epochs", 30, MAIN, 10, ["default", "argparse"])],
      ),
      "epochs",
    );
    expect(entry?.status).toBe("match");
  });

  it("asks a human when the main training script is a fine-tuning recipe and the paper pre-trains", () => {
    const entry = entryFor(
      check(
        [paperFact("epochs", 100, "We pre-train the model for 100 epochs.")],
        [
          codeFact("epochs", 3, "scripts/finetune_glue.py", 20, ["default", "argparse"], {
            entry_point: "scripts/finetune_glue.py",
          }),
        ],
        { main: "scripts/finetune_glue.py" },
      ),
      "epochs",
    );
    expect(entry).toMatchObject({
      status: "needs_human",
      note: "the repository's training code (scripts/finetune_glue.py) is a fine-tuning recipe, not necessarily the paper's run",
    });
  });

  it("calls it a mismatch when the paper's sentence is about fine-tuning too", () => {
    const entry = entryFor(
      check(
        [paperFact("epochs", 10, "We fine-tune the model for 10 epochs on each task.")],
        [
          codeFact("epochs", 3, "scripts/finetune_glue.py", 20, ["default", "argparse"], {
            entry_point: "scripts/finetune_glue.py",
          }),
        ],
        { main: "scripts/finetune_glue.py" },
      ),
      "epochs",
    );
    expect(entry.status).toBe("mismatch");
  });

  it("reads a launcher's per-node device count as possibly one node of several", () => {
    const entry = entryFor(
      check(
        [paperFact("accelerator_count", 32)],
        [codeFact("accelerator_count", 8, LAUNCH, 2, ["launcher:torchrun"])],
      ),
      "accelerator_count",
    );
    expect(entry).toMatchObject({
      status: "needs_human",
      note: "the launcher sets 8 devices per node; 32 = 4 nodes × 8?",
    });
  });

  it("calls more devices in the paper than a one-node launcher starts a mismatch", () => {
    const entry = entryFor(
      check(
        [paperFact("accelerator_count", 8)],
        [codeFact("accelerator_count", 4, "README.md", 12, ["launcher:torchrun", "one_node"])],
      ),
      "accelerator_count",
    );
    expect(entry).toMatchObject({ status: "mismatch", paper: { value: 8 }, code: { value: 4 } });
  });

  it("keeps asking when another launch of the main run may span several nodes", () => {
    const entry = entryFor(
      check(
        [paperFact("accelerator_count", 16)],
        [
          codeFact("accelerator_count", 8, "scripts/single.sh", 2, ["launcher:torchrun", "one_node"]),
          codeFact("accelerator_count", 8, "scripts/multi.sh", 4, ["launcher:torchrun"]),
        ],
      ),
      "accelerator_count",
    );
    expect(entry).toMatchObject({
      status: "needs_human",
      note: "the launcher sets 8 devices per node; 16 = 2 nodes × 8?",
    });
  });

  it("calls fewer devices in the paper than the launcher sets per node a mismatch", () => {
    const entry = entryFor(
      check(
        [paperFact("accelerator_count", 4)],
        [codeFact("accelerator_count", 8, LAUNCH, 2, ["launcher:torchrun"])],
      ),
      "accelerator_count",
    );
    expect(entry.status).toBe("mismatch");
  });

  it("asks a human when the code's device count is only a default", () => {
    const entry = entryFor(
      check(
        [paperFact("accelerator_count", 4)],
        [codeFact("accelerator_count", 1, MAIN, 30, ["default", "argparse"])],
      ),
      "accelerator_count",
    );
    expect(entry).toMatchObject({
      status: "needs_human",
      note: "the code's device count is a default that a launch command may override",
    });
  });

  it("asks a human when the code's only value is a README example (a variant launch) or README prose", () => {
    const example = entryFor(
      check(
        [paperFact("epochs", 100)],
        [codeFact("epochs", 5, "README.md", 14, ["launch", "override", "variant"])],
      ),
      "epochs",
    );
    expect(example).toMatchObject({
      status: "needs_human",
      code: { value: 5, evidence: { file: "README.md", line: 14 } },
      note: "the code's value comes from a usage example in the documentation",
    });
    const prose = entryFor(
      check([paperFact("epochs", 100)], [codeFact("epochs", 5, "README.md", 3, ["readme_prose"])]),
      "epochs",
    );
    expect(prose?.status).toBe("needs_human");
  });

  it("takes the README's plain launch command as the launched run: its value can disagree with the paper", () => {
    const entry = entryFor(
      check([paperFact("epochs", 100)], [codeFact("epochs", 300, "README.md", 14, ["launch", "override"])]),
      "epochs",
    );
    expect(entry).toMatchObject({
      status: "mismatch",
      code: { value: 300, evidence: { file: "README.md" } },
    });
  });

  it("takes a README launcher's device count as read off the command, not as prose", () => {
    const entry = entryFor(
      check(
        [paperFact("accelerator_count", 2)],
        [codeFact("accelerator_count", 4, "README.md", 12, ["launcher:torchrun"])],
      ),
      "accelerator_count",
    );
    expect(entry).toMatchObject({ status: "mismatch", code: { value: 4, evidence: { file: "README.md" } } });
    const hydra = entryFor(
      check(
        [paperFact("epochs", 100)],
        [codeFact("epochs", 20, "README.md", 9, ["override", "hydra_override", "launcher:python"])],
      ),
      "epochs",
    );
    expect(hydra?.status).toBe("mismatch");
  });

  it("reads the distributed variant of the main script (train_ddp.py beside train.py) as the main run", () => {
    const variant = (script: string) =>
      entryFor(
        check(
          [paperFact("epochs", 100)],
          [codeFact("epochs", 30, "run.sh", 3, ["launch", "override"], { entry_point: script })],
        ),
        "epochs",
      );
    expect(variant("train_ddp.py")).toMatchObject({ status: "mismatch", code: { value: 30 } });
    expect(variant("train_distributed.py")?.status).toBe("mismatch");
    // A constant in the variant itself is the run's setting, not a helper module's.
    const constant = entryFor(
      check(
        [paperFact("epochs", 100)],
        [codeFact("epochs", 30, "train_ddp.py", 12, ["module_constant"], { entry_point: "train_ddp.py" })],
      ),
      "epochs",
    );
    expect(constant?.status).toBe("mismatch");
    // Another script that starts like the main one, or another script's variant, is not the same run.
    expect(variant("model_ddp.py")?.status).toBe("needs_human");
    expect(variant("train_probe.py")).toMatchObject({
      status: "needs_human",
      note: "the code sets 30 outside the main training script (train.py)",
    });
  });

  it("asks a human when the value is only set in a helper module", () => {
    const entry = entryFor(
      check([paperFact("epochs", 100)], [codeFact("epochs", 1, "utils/data.py", 40, ["function_constant"])]),
      "epochs",
    );
    expect(entry).toMatchObject({
      status: "needs_human",
      code: { value: 1, evidence: { file: "utils/data.py" } },
      note: "the code's value is set in a helper module, not by the training script or its launch files",
    });
  });

  it("takes a value set in a module the main launch names (a trainer class) as the run's", () => {
    const entry = entryFor(
      check(
        [paperFact("epochs", 1200)],
        [codeFact("epochs", 1000, "seg/trainers/SegTrainerV2.py", 3, ["attribute", "launch_named"])],
      ),
      "epochs",
    );
    expect(entry.status).toBe("mismatch");
  });

  it("asks a human when the value belongs to a script other than the main one", () => {
    const entry = entryFor(
      check(
        [paperFact("epochs", 100)],
        [codeFact("epochs", 7, "eval.py", 4, ["default"], { entry_point: "eval.py" })],
      ),
      "epochs",
    );
    expect(entry).toMatchObject({
      status: "needs_human",
      note: "the code sets 7 outside the main training script (train.py)",
    });
  });
});

describe("vendored code", () => {
  it("ignores a third_party copy's value even when it equals the paper's", () => {
    const own = codeFact("epochs", 100, LAUNCH, 2, ["launch", "override"]);
    const vendored = codeFact("epochs", 300, "third_party/fairseq/train.py", 50, ["default", "argparse"]);
    const entry = entryFor(
      check([paperFact("epochs", 300)], [own, vendored], { codeSummary: { epochs: 100 } }),
      "epochs",
    );
    expect(entry).toMatchObject({
      status: "mismatch",
      paper: { value: 300 },
      code: { value: 100, evidence: own.evidence },
    });
  });
});

describe("one side only", () => {
  it("reports paper_only with the paper's evidence and code_only with the code's", () => {
    const paperHardware = paperFact("hardware", "nvidia-rtx-3090", "We use 4 RTX 3090 GPUs.");
    const codeEpochs = codeFact("epochs", 40, LAUNCH, 2, ["launch"]);
    const entries = check([paperHardware], [codeEpochs]);
    expect(entries).toEqual([
      {
        field: "hardware",
        status: "paper_only",
        paper: { value: "nvidia-rtx-3090", evidence: paperHardware.evidence },
        code: null,
      },
      {
        field: "epochs",
        status: "code_only",
        paper: null,
        code: { value: 40, evidence: codeEpochs.evidence },
      },
    ]);
  });

  it("returns nothing when neither side states anything", () => {
    expect(check([], [])).toEqual([]);
  });
});

describe("a clear mismatch", () => {
  it("gives both values and both evidences", () => {
    const paper = paperFact("epochs", 100, "We train for 100 epochs.");
    const code = codeFact("epochs", 300, "scripts/train.slurm", 9, [
      "override",
      "launch",
      "launcher:torchrun",
    ]);
    const entries = check([paper], [code]);
    expect(entries).toEqual([
      {
        field: "epochs",
        status: "mismatch",
        paper: { value: 100, evidence: paper.evidence },
        code: { value: 300, evidence: code.evidence },
      },
    ]);
  });
});

describe("a mismatch is asserted only on values both readers believe", () => {
  const withProbability = (
    entries: CrosscheckInput["paperChosen"],
    field: FactField,
    probability: number,
  ) => ({
    ...entries,
    [field]: { ...entries[field]!, probability },
  });

  it("asks a human when a selector gives its value less than even odds, and shows the probabilities", () => {
    const paperFacts = [paperFact("epochs", 100)];
    const codeFacts = [codeFact("epochs", 300, LAUNCH, 2, ["launch"])];
    const input = (paper: number, code: number): CrosscheckInput => ({
      paperFacts,
      paperChosen: withProbability(chosenFrom(paperFacts, { epochs: 100 }), "epochs", paper),
      codeFacts,
      codeChosen: withProbability(chosenFrom(codeFacts, { epochs: 300 }), "epochs", code),
      mainEntryPoint: MAIN,
    });
    expect(entryFor(crosscheck(input(0.45, 0.9)), "epochs")).toMatchObject({
      status: "needs_human",
      note: "the paper's value is uncertain (probability 0.45): please confirm it",
      paper: { value: 100, probability: 0.45 },
    });
    expect(entryFor(crosscheck(input(0.9, 0.3)), "epochs").note).toBe(
      "the code's value is uncertain (probability 0.30): please confirm it",
    );
    expect(entryFor(crosscheck(input(0.7, 0.9)), "epochs")).toMatchObject({
      status: "mismatch",
      paper: { probability: 0.7 },
      code: { probability: 0.9 },
    });
  });

  it("holds a paper value the authors should confirm against the code like any other", () => {
    const paperFacts = [paperFact("epochs", 100), paperFact("epochs", 20, "We train for 20 epochs on B.")];
    const codeFacts = [codeFact("epochs", 200, LAUNCH, 2, ["launch"])];
    const chosen = withProbability(chosenFrom(paperFacts, { epochs: 100 }), "epochs", 0.68);
    const entry = entryFor(
      crosscheck({
        paperFacts,
        paperChosen: { epochs: { ...chosen.epochs!, confirm: true } },
        codeFacts,
        codeChosen: withProbability(chosenFrom(codeFacts, { epochs: 200 }), "epochs", 0.95),
        mainEntryPoint: MAIN,
      }),
      "epochs",
    );
    expect(entry).toMatchObject({ status: "mismatch", paper: { value: 100, probability: 0.68 } });
  });

  describe("a code length of nines above the paper's is a sentinel, not a setting", () => {
    const check = (
      field: "epochs" | "steps" | "batch_size",
      paper: number,
      code: number,
      probability = 0.95,
    ) => {
      const paperFacts = [paperFact(field, paper)];
      const codeFacts = [codeFact(field, code, LAUNCH, 2, ["launch"])];
      return entryFor(
        crosscheck({
          paperFacts,
          paperChosen: chosenFrom(paperFacts, { [field]: paper }),
          codeFacts,
          codeChosen: withProbability(chosenFrom(codeFacts, { [field]: code }), field, probability),
          mainEntryPoint: MAIN,
        }),
        field,
      );
    };

    it("asks a human about 999 epochs or 99999 steps against fewer in the paper", () => {
      expect(check("epochs", 30, 999)).toMatchObject({
        status: "needs_human",
        note: 'the code\'s 999 epochs look like "until stopped": early stopping or a time limit may end the run',
      });
      expect(check("steps", 50_000, 99_999).status).toBe("needs_human");
    });

    it("is a disagreement for a cap below the paper's value, a debug-sized 99 or 999 steps, other numbers and fields", () => {
      expect(check("epochs", 2000, 999).status).toBe("mismatch");
      expect(check("epochs", 30, 99).status).toBe("mismatch");
      expect(check("steps", 20, 999).status).toBe("mismatch");
      expect(check("epochs", 30, 900).status).toBe("mismatch");
      expect(check("batch_size", 32, 999).status).toBe("mismatch");
    });

    it("lets the probability rules speak first", () => {
      expect(check("epochs", 30, 999, 0.3).note).toBe(
        "the code's value is uncertain (probability 0.30): please confirm it",
      );
    });
  });

  it("asks a human when both values are believed but not together (the product is below even odds)", () => {
    const paperFacts = [paperFact("epochs", 10)];
    const codeFacts = [codeFact("epochs", 100, LAUNCH, 2, ["launch"])];
    const entry = entryFor(
      crosscheck({
        paperFacts,
        paperChosen: withProbability(chosenFrom(paperFacts, { epochs: 10 }), "epochs", 0.6),
        codeFacts,
        codeChosen: withProbability(chosenFrom(codeFacts, { epochs: 100 }), "epochs", 0.7),
        mainEntryPoint: MAIN,
      }),
      "epochs",
    );
    expect(entry).toMatchObject({
      status: "needs_human",
      note: "both values are right with a probability of only 0.42 (paper 0.60, code 0.70): please confirm them",
    });
  });

  it("asks a human when both values are right together at under 0.6, and asserts from 0.6", () => {
    const decided = (paperProbability: number, codeProbability: number) => {
      const paperFacts = [paperFact("epochs", 1)];
      const codeFacts = [codeFact("epochs", 7, LAUNCH, 2, ["launch"])];
      return entryFor(
        crosscheck({
          paperFacts,
          paperChosen: withProbability(chosenFrom(paperFacts, { epochs: 1 }), "epochs", paperProbability),
          codeFacts,
          codeChosen: withProbability(chosenFrom(codeFacts, { epochs: 7 }), "epochs", codeProbability),
          mainEntryPoint: MAIN,
        }),
        "epochs",
      ).status;
    };
    expect(decided(0.58, 0.93)).toBe("needs_human");
    expect(decided(0.7, 0.9)).toBe("mismatch");
  });

  it("asks a human when a count is not a whole number", () => {
    const entry = entryFor(
      check([paperFact("batch_size", 82.5)], [codeFact("batch_size", 8, MAIN, 9, ["default", "argparse"])]),
      "batch_size",
    );
    expect(entry).toMatchObject({
      status: "needs_human",
      note: "one of the values is not a whole number: a misreading rather than a setting",
    });
  });

  it("asks a human when the code runs a few epochs and the paper many more (a quick-test default)", () => {
    const quick = entryFor(
      check([paperFact("epochs", 50)], [codeFact("epochs", 3, MAIN, 9, ["default", "argparse"])]),
      "epochs",
    );
    expect(quick).toMatchObject({
      status: "needs_human",
      note: "the code's 3 epochs look like a quick test next to the paper's 50",
    });
    // Ten epochs against a hundred is a real run that differs.
    const real = entryFor(
      check([paperFact("epochs", 100)], [codeFact("epochs", 10, MAIN, 9, ["default", "argparse"])]),
      "epochs",
    );
    expect(real.status).toBe("mismatch");
  });
});
