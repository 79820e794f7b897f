import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readSources } from "../../src/readers/sources.js";
import { writePdf } from "../helpers/pdf-writer.js";

const LABEL = "submission 1234 (submitted PDF)";
let dir: string;
let repo: string;
let fallback: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "sources-"));
  repo = path.join(dir, "repo");
  mkdirSync(repo);
  writeFileSync(path.join(repo, "train.py"), "EPOCHS = 3\n");
  fallback = path.join(dir, "submission.pdf");
  writeFileSync(
    fallback,
    writePdf([["1 Experiments", "We train our model for 12 epochs on two RTX 3090 GPUs."]]),
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("readSources with a paper from outside the repository", () => {
  it("reads it when the repository has no paper, and names it by its label", async () => {
    const sources = await readSources({ dir: repo, fallbackPaper: { path: fallback, label: LABEL } });
    expect(sources.paper?.paper.file).toBe(LABEL);
    expect(sources.paper?.summary.epochs).toBe(12);
    expect(sources.paperPath).toBeNull();
    expect(sources.warnings).toEqual([]);
  });

  it("ignores it when the repository has its own paper", async () => {
    cpSync("fixtures/demo/paper", path.join(repo, "paper"), { recursive: true });
    const sources = await readSources({ dir: repo, fallbackPaper: { path: fallback, label: LABEL } });
    expect(sources.paperPath).toBe("paper/main.tex");
  });

  it("reads the repository alone when it cannot be read, with a warning naming the label, not the path", async () => {
    cpSync("fixtures/papers/bad/encrypted.pdf", fallback);
    const sources = await readSources({ dir: repo, fallbackPaper: { path: fallback, label: LABEL } });
    expect(sources.paper).toBeNull();
    expect(sources.code?.summary.epochs).toBe(3);
    expect(sources.warnings).toEqual([
      {
        code: "pdf_encrypted",
        message: expect.stringMatching(new RegExp(`^${LABEL.replace(/[()]/g, "\\$&")} not read: `)),
      },
    ]);
    expect(JSON.stringify(sources.warnings)).not.toContain(fallback);
  });
});
