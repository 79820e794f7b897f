/**
 * footprint.yml against the paper and the code (src/judge/declaration-check.ts), the items it makes inconsistent,
 * the estimate and the three ready-to-paste blocks it drives.
 */
import { parse as parseYaml } from "yaml";
import type { Fact, FactField, FactValue } from "../../src/domain/facts.js";
import { checkDeclaration } from "../../src/judge/declaration-check.js";
import type { CheckContext } from "../../src/judge/context.js";
import { CHECKLIST_ITEMS } from "../../src/judge/items/index.js";
import { pasteBlocks, pasteValues } from "../../src/judge/snippets.js";
import { estimateFromSelection } from "../../src/estimate/from-selection.js";
import { parseDeclaration } from "../../src/readers/declaration.js";
import { codeFact, paperFact } from "../helpers/facts.js";
import { resolveFacts, type Selection } from "../../src/select/selection.js";

const SETUP = "All models are trained on 8 NVIDIA A100 80GB GPUs in France; one run takes about 36 hours.";

function paper(field: FactField, value: FactValue, quote = SETUP): Fact {
  return paperFact(field, value, quote, { page: null, section: "Setup", file: "paper/setup.tex", line: 5 });
}

function code(
  field: FactField,
  value: FactValue,
  line: number,
  tags: Fact["tags"] = ["slurm", "scheduler"],
): Fact {
  const snippet = `#SBATCH ${field}=${value}`;
  return codeFact(field, value, "scripts/train.slurm", line, { tags, entry_point: "train.py" }, snippet);
}

/** A selection as `selectFacts` builds it, with the cross-check of paper and code left empty. */
function contextOf(input: { declaration: string; paper?: Fact[]; code?: Fact[] }): CheckContext {
  const declared = parseDeclaration("footprint.yml", input.declaration);
  if (declared.errors.length) throw new Error(JSON.stringify(declared.errors));
  const paperFacts = input.paper ?? [];
  const codeFacts = input.code ?? [];
  const chosenOf = (facts: Fact[]) =>
    Object.fromEntries(facts.map((f) => [f.field, { value: f.value, fact: f }]));
  const base: Omit<Selection, "resolved"> = {
    hasPaper: paperFacts.length > 0,
    codeRead: codeFacts.length > 0,
    hasCode: codeFacts.length > 0,
    paperFacts,
    codeFacts,
    paperChosen: chosenOf(paperFacts),
    codeChosen: chosenOf(codeFacts),
    declaredFacts: declared.facts,
    declaration: declared.declaration,
    declarationFile: declared.file,
    declarationLines: declared.lines,
    venueAnswers: [],
    mainEntryPoint: codeFacts.length ? "train.py" : null,
  };
  const selection: Selection = { ...base, resolved: resolveFacts(base) };
  return { ...selection, crosscheck: [], declarationCheck: checkDeclaration(selection) };
}

const DEMO_PAPER = [
  paper("hardware", "nvidia-a100-80gb"),
  paper("accelerator_count", 8),
  paper("training_time_hours", 36),
  { ...paper("gpu_hours", 288), note: "8 devices × 36 h", tags: ["derived" as const] },
  paper("country", "FR"),
];
const DEMO_CODE = [code("accelerator_count", 8, 4)];
const DECLARED = "hardware: NVIDIA A100 80GB\naccelerator_count: 16\ntraining_time_hours: 40\n";

describe("checkDeclaration", () => {
  it("finds each declared value the paper or the code contradicts, with both evidences", () => {
    const entries = checkDeclaration(
      contextOf({ declaration: DECLARED, paper: DEMO_PAPER, code: DEMO_CODE }),
    );
    expect(entries.map((e) => [e.field, e.against, e.status, e.declared.value, e.other.value])).toEqual([
      ["hardware", "paper", "match", "nvidia-a100-80gb", "nvidia-a100-80gb"],
      ["accelerator_count", "paper", "mismatch", 16, 8],
      ["training_time_hours", "paper", "mismatch", 40, 36],
      ["accelerator_count", "code", "mismatch", 16, 8],
    ]);
    const count = entries[1]!;
    expect(count.declared.evidence).toEqual({
      kind: "declaration",
      file: "footprint.yml",
      line: 2,
      snippet: "accelerator_count: 16",
    });
    expect(count.other.evidence).toMatchObject({
      kind: "paper",
      file: "paper/setup.tex",
      line: 5,
      quote: SETUP,
    });
    expect(entries[3]!.other.evidence).toMatchObject({ kind: "code", file: "scripts/train.slurm", line: 4 });
  });

  it("lets a paper round the declared figure (within 5 %), and compares places by their catalog entry", () => {
    const entries = checkDeclaration(
      contextOf({
        declaration: "training_time_hours: 37.5\nlocation:\n  country: France\n",
        paper: DEMO_PAPER,
      }),
    );
    expect(entries.map((e) => [e.field, e.status])).toEqual([
      ["training_time_hours", "match"],
      ["country", "match"],
    ]);
  });

  it("calls a paper figure more than 5 % off the declared one a mismatch", () => {
    const [entry] = checkDeclaration(
      contextOf({ declaration: "training_time_hours: 38\n", paper: [paper("training_time_hours", 36)] }),
    );
    expect(entry).toMatchObject({ field: "training_time_hours", status: "mismatch", other: { value: 36 } });
  });

  it("compares declared GPU-hours with the paper's count × hours when the paper states no total", () => {
    const [entry] = checkDeclaration(
      contextOf({
        declaration: "gpu_hours: 640\n",
        paper: [paper("accelerator_count", 8), paper("training_time_hours", 36)],
      }),
    );
    expect(entry).toMatchObject({
      field: "gpu_hours",
      status: "mismatch",
      other: { value: 288 },
      note: "the paper's 8 × 36 h",
    });
  });

  it("takes a training time within the job's time limit as consistent, like the paper/code cross-check", () => {
    const entries = checkDeclaration(
      contextOf({
        declaration: "training_time_hours: 40\n",
        code: [code("training_time_hours", 48, 5, ["slurm", "scheduler", "time_limit"])],
      }),
    );
    expect(entries).toEqual([
      expect.objectContaining({
        field: "training_time_hours",
        against: "code",
        status: "match",
        note: "within the job's time limit",
      }),
    ]);
  });

  it("has nothing to say without a declaration", () => {
    expect(checkDeclaration(contextOf({ declaration: "", paper: DEMO_PAPER, code: DEMO_CODE }))).toEqual([]);
  });
});

describe("items under a declaration", () => {
  const context = contextOf({ declaration: DECLARED, paper: DEMO_PAPER, code: DEMO_CODE });
  const evaluate = (id: string) => CHECKLIST_ITEMS.get(id)!.evaluate(context);

  it("flags the accelerator count footprint.yml contradicts, citing the declaration, the paper and the code", () => {
    expect(evaluate("accelerator_count")).toEqual({
      status: "inconsistent",
      message:
        "footprint.yml declares 16 (footprint.yml:2), but the paper says 8 (paper/setup.tex:5) and the code sets 8 (scripts/train.slurm:4): correct the paper, the code or the declaration.",
      values: { declared: 16, paper: 8, code: 8 },
      evidence: [
        { kind: "declaration", file: "footprint.yml", line: 2, snippet: "accelerator_count: 16" },
        DEMO_PAPER[1]!.evidence,
        DEMO_CODE[0]!.evidence,
      ],
    });
  });

  it("flags the training time, and reports the declared hardware first when the paper agrees", () => {
    expect(evaluate("training_time")).toMatchObject({
      status: "inconsistent",
      message:
        "footprint.yml declares 40 h (footprint.yml:3), but the paper says 36 h (paper/setup.tex:5): correct the paper, the code or the declaration.",
    });
    expect(evaluate("hardware")).toMatchObject({
      status: "disclosed",
      message: "NVIDIA A100 SXM4 80 GB (footprint.yml:1; the paper: paper/setup.tex:5).",
    });
  });

  it("reports the declared time when nothing contradicts it", () => {
    const agreeing = contextOf({ declaration: "training_time_hours: 37\n", paper: DEMO_PAPER });
    expect(CHECKLIST_ITEMS.get("training_time")!.evaluate(agreeing)).toMatchObject({
      status: "disclosed",
      message: "37 h (footprint.yml:1).",
      values: { declared: 37 },
    });
  });

  it("flags a declared country the paper contradicts", () => {
    const moved = contextOf({ declaration: "location:\n  country: DE\n", paper: DEMO_PAPER });
    expect(CHECKLIST_ITEMS.get("location")!.evaluate(moved)).toMatchObject({
      status: "inconsistent",
      message:
        "footprint.yml declares Germany (footprint.yml:2), but the paper says France (paper/setup.tex:5): correct the paper, the code or the declaration.",
    });
  });
});

describe("the estimate and the ready-to-paste blocks under a declaration", () => {
  const context = contextOf({
    declaration: `${DECLARED}location:\n  country: FR\n`,
    paper: DEMO_PAPER,
    code: DEMO_CODE,
  });
  const { estimate } = estimateFromSelection(context, undefined);

  it("estimates from the declared 16 × 40 h, not the paper's 288 GPU-hours", () => {
    expect(estimate?.device_hours).toMatchObject({ central: 640 });
    expect(estimate?.derivation).toMatch(/^16 devices × 40 h = 640 device-h/);
  });

  it("writes the three blocks from one set of values, which agree with each other and with the estimate", () => {
    const values = pasteValues(context, estimate);
    expect(values).toMatchObject({
      hardware: "NVIDIA A100 SXM4 80 GB",
      accelerator_count: 16,
      training_time_hours: 40,
      gpu_hours: 640,
    });
    const blocks = pasteBlocks(context, estimate);
    expect(blocks.paragraph).toContain(
      "used 16 NVIDIA A100 SXM4 80 GB accelerators for 40 hours of wall-clock time (640 GPU-hours), in France.",
    );
    const yml = parseYaml(blocks.footprintYml) as Record<string, unknown>;
    expect(yml).toMatchObject({
      hardware: values.hardware,
      accelerator_count: values.accelerator_count,
      training_time_hours: values.training_time_hours,
      gpu_hours: values.gpu_hours,
      location: { country: "FR" },
    });
    // The pasted footprint.yml is itself a valid declaration that says the same.
    expect(parseDeclaration("footprint.yml", blocks.footprintYml).errors).toEqual([]);
    const card = (parseYaml(blocks.modelCard) as { co2_eq_emissions: Record<string, unknown> })
      .co2_eq_emissions;
    expect(card.hardware_used).toBe(`${values.accelerator_count} × ${values.hardware}`);
    expect(card.emissions).toBe(Math.round(estimate!.co2e_kg.central * 1000));
    expect(blocks.paragraph).toContain(`its emissions at ${estimate!.co2e_kg.central.toFixed(2)} kgCO2e`);
    expect(blocks.paragraph).toContain(`(${Math.round(estimate!.device_hours!.central)} GPU-hours)`);
  });
});
