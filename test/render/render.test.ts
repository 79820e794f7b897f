import { buildCheckReport, renderCheckMarkdown, runCheck } from "../../src/pipeline.js";
import { chosenFrom } from "../helpers/chosen.js";
import { CHECKLIST_MARKER } from "../../src/render/markdown.js";
import { renderCheckText } from "../../src/render/text.js";
import { emptySummary, type Fact } from "../../src/domain/facts.js";
import type { PaperReport } from "../../src/readers/paper/index.js";

const SITUATIONS = {
  "all disclosed": "fixtures/check/all-disclosed",
  "nothing disclosed": "fixtures/check/nothing-disclosed",
  mismatch: "fixtures/demo",
  "declaration file invalid": "fixtures/check/declaration-invalid",
  "paper missing": "fixtures/check/paper-missing",
  "code missing": "fixtures/check/code-missing",
};

describe("the rendered checklist", () => {
  it.each(Object.entries(SITUATIONS))("renders the NeurIPS checklist when %s", async (_situation, dir) => {
    const markdown = renderCheckMarkdown(await runCheck({ dir, profile: "neurips" }));
    expect(markdown.startsWith(`${CHECKLIST_MARKER}\n### Compute disclosure `)).toBe(true);
    expect(markdown).toMatchSnapshot();
  });

  it.each(["generic", "acl", "aaai", "pineau"])("words the items of the %s profile", async (profile) => {
    const markdown = renderCheckMarkdown(await runCheck({ dir: "fixtures/demo", profile }));
    expect(markdown).toMatchSnapshot();
  });

  it("shows an invalid footprint.yml as a property/error table", async () => {
    const markdown = renderCheckMarkdown(
      await runCheck({ dir: "fixtures/check/declaration-invalid", profile: "generic" }),
    );
    expect(markdown).toContain("| Property | Error |");
    expect(markdown).toContain("| `training_time_hours` | Too small: expected number to be &gt;0 |");
    expect(markdown).toContain("| `gpu_type` | unknown property");
  });

  it("renders the terminal form with one entry per item, statuses in words, wrapped to 100 columns", async () => {
    const text = renderCheckText(await runCheck({ dir: "fixtures/demo", profile: "neurips" }));
    expect(text.split("\n").filter((line) => line.length > 100)).toEqual([]);
    expect(text).toMatchSnapshot();
  });

  it("wraps the terminal form to a narrow width, text under its column so that paths fit", async () => {
    const text = renderCheckText(await runCheck({ dir: "fixtures/demo", profile: "neurips" }), { width: 60 });
    expect(text.split("\n").filter((line) => line.length > 60)).toEqual([]);
    expect(text).toContain(
      [
        "  * disclosed       Internal cluster or cloud provider",
        "      computing centre Jean Zay (IDRIS)",
        "      (paper/sections/experiments.tex:5); country France",
        "      (paper/sections/experiments.tex:5).",
      ].join("\n"),
    );
    expect(text).toContain(
      [
        "  epochs               mismatch",
        "      paper 100 (paper/sections/experiments.tex:3); code 300",
        "      (scripts/train.slurm:9, over 100 at train.py:13)",
      ].join("\n"),
    );
  });

  it("stays under GitHub's comment limit for a paper with 500 facts", () => {
    const quote =
      "We trained the model on eight GPUs for a long time, and we describe every detail of it here. ".repeat(
        6,
      );
    const facts: Fact[] = Array.from({ length: 500 }, (_, i) => ({
      field: (["hardware", "accelerator_count", "epochs", "batch_size", "training_time_hours"] as const)[
        i % 5
      ] as Fact["field"],
      value: i % 5 === 0 ? "nvidia-v100" : i + 1,
      raw: String(i),
      confidence: 0.9,
      context: "training",
      evidence: {
        kind: "paper",
        page: 1 + (i % 40),
        section: "Experiments",
        quote,
        start: i * 10,
        end: i * 10 + 5,
      },
    }));
    const paper: PaperReport = {
      paper: { file: "paper.pdf", format: "pdf", pages: 40, characters: 100_000, sentences: 2_000 },
      facts,
      chosen: chosenFrom(facts, {
        hardware: "nvidia-v100",
        accelerator_count: 2,
        training_time_hours: 5,
        epochs: 3,
        batch_size: 4,
      }),
      summary_confidence: {},
      summary: {
        ...emptySummary(),
        hardware: "nvidia-v100",
        accelerator_count: 2,
        training_time_hours: 5,
        epochs: 3,
        batch_size: 4,
      },
      venue_answers: [],
      warnings: [],
      timings: { extract_ms: 0, analyze_ms: 0 },
    };
    const report = buildCheckReport({
      profile: "neurips",
      paper,
      paperPath: "paper.pdf",
      code: null,
      declaration: null,
      warnings: [],
    });
    // Every item carries hundreds of evidence entries before rendering cuts them.
    report.items.forEach((item) => item.evidence.push(...facts.map((f) => f.evidence)));
    const markdown = renderCheckMarkdown(report);
    expect(markdown.length).toBeLessThan(65_536);
    expect(markdown.length).toBeLessThanOrEqual(60_000);
    expect(markdown).toContain(report.headline);
    expect(markdown).toMatch(/- and \d+ more/);
  });

  it("cuts to the requested size even when nothing else is left to shorten", async () => {
    const report = await runCheck({ dir: "fixtures/demo", profile: "neurips" });
    const markdown = renderCheckMarkdown(report, 2_000);
    expect(markdown.length).toBeLessThanOrEqual(2_000);
    expect(markdown).toContain("cut to fit GitHub's size limit");
  });
});
