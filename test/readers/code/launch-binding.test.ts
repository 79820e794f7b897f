import {
  analyzeFile,
  buildReport,
  loadPythonParser,
  type AnalyzerTools,
} from "../../../src/readers/code/index.js";
import { classifyFile } from "../../../src/readers/code/classify.js";
import type { CodeReport } from "../../../src/readers/code/types.js";

let tools: AnalyzerTools;
beforeAll(async () => {
  tools = { python: await loadPythonParser(), parseTimeoutMs: 2000 };
});

/** Analyses an in-memory repository ({path: content}) exactly as readRepository does after collecting. */
function readFiles(files: Record<string, string>): CodeReport {
  const findings = Object.entries(files).map(([path, content]) =>
    analyzeFile({ path, content, kind: classifyFile(path)! }, tools),
  );
  return buildReport(findings);
}

const filled = (report: CodeReport) =>
  Object.fromEntries(Object.entries(report.summary).filter(([, value]) => value !== null));

describe("stale launches", () => {
  /** A script whose parser declares `path` and `--shots`, and a launch script inherited from the upstream project. */
  const repository = (parse: string, options: string) => ({
    "train.py":
      "import argparse\np = argparse.ArgumentParser()\np.add_argument('path')\np.add_argument('--shots', type=int, default=1)\np.add_argument('--epochs', type=int, default=50)\n" +
      `args = ${parse}\nfor epoch in range(args.epochs):\n    loss.backward()\n`,
    "scripts/upstream.sh": `python train.py --trainer CoCoOp --config-file configs/upstream.yaml ${options}\n`,
    "configs/upstream.yaml": "epochs: 10\nbatch_size: 1\n",
  });

  it("binds no config of a line none of whose options the script's parser declares", () => {
    const report = readFiles(repository("p.parse_args()", "--seed 1"));
    expect(filled(report)).toEqual({ epochs: 50 });
  });

  it("still binds the line when one of its options is the script's", () => {
    const report = readFiles(repository("p.parse_args()", "--shots 4"));
    expect(filled(report)).toMatchObject({ epochs: 10, batch_size: 1 });
  });

  it("still binds the line when the script keeps unknown flags (parse_known_args)", () => {
    const report = readFiles(repository("p.parse_known_args()[0]", "--seed 1"));
    expect(filled(report)).toMatchObject({ epochs: 10, batch_size: 1 });
  });
});
