import { analyzeNotebook } from "../../../src/readers/code/notebook.js";
import { loadPythonParser, type PythonParser } from "../../../src/readers/code/python/parser.js";
import { brief } from "./helpers.js";

let parser: PythonParser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

/** A notebook of code cells, one source line per JSON line as Jupyter writes it. */
function notebook(...cells: string[][]): string {
  const code = cells.map((lines) => ({
    cell_type: "code",
    source: lines.map((line, i) => (i < lines.length - 1 ? `${line}\n` : line)),
  }));
  return JSON.stringify({ cells: code }, null, 1);
}

const read = (content: string) => analyzeNotebook("a.ipynb", content, parser, 2000);

describe("notebook magics and shell escapes", () => {
  it("keeps % and ! lines that are inside a triple-quoted string, so the string still closes", () => {
    const findings = read(
      notebook(
        [
          "setup = '''",
          "%pip install x",
          "'''",
          'FORMAT = """',
          '%(asctime)s %(message)s"""',
          'USAGE = """Run it as:',
          "!python train.py --epochs 3",
          '"""',
        ],
        ["EPOCHS = 7", "model.fit(x, y, epochs=EPOCHS)"],
      ),
    );
    expect(brief(findings.facts, ["epochs"])).toEqual([
      "epochs=7 @a.ipynb:19 [module_constant] training",
      "epochs=7 @a.ipynb:20 [call:fit] training",
    ]);
    expect(findings.warnings).toEqual([]);
    // The usage text is not a launch.
    expect(findings.invocations).toEqual([]);
  });

  it("still drops magics outside strings; quotes in comments and one-line strings open no string", () => {
    const findings = read(
      notebook(
        ["%pip install x", "print(\"'''\")  # '''", "%matplotlib inline", "!python train.py --epochs 3"],
        ["EPOCHS = 7", "model.fit(x, y, epochs=EPOCHS)"],
      ),
    );
    expect(findings.warnings).toEqual([]);
    expect(brief(findings.facts, ["epochs"])).toEqual([
      "epochs=7 @a.ipynb:15 [module_constant] training",
      "epochs=7 @a.ipynb:16 [call:fit] training",
    ]);
    // A real shell escape still goes to the launch reader.
    expect(findings.invocations.map((i) => [i.line, i.snippet])).toEqual([[9, "python train.py --epochs 3"]]);
  });

  it("reads a shell escape continued with backslashes on the next lines as one launch", () => {
    const findings = read(
      notebook(["!python train.py \\", "    --epochs 20 \\", "    --batch_size 128", "EPOCHS = 7"]),
    );
    expect(findings.warnings).toEqual([]);
    expect(findings.invocations.map((i) => [i.target, i.args])).toEqual([
      [
        "train.py",
        [
          { name: "--epochs", value: "20" },
          { name: "--batch_size", value: "128" },
        ],
      ],
    ]);
    const magic = read(notebook(["%run train.py \\", "    --epochs 20"]));
    expect(magic.warnings).toEqual([]);
    expect(magic.invocations.map((i) => [i.target, i.args])).toEqual([
      ["train.py", [{ name: "--epochs", value: "20" }]],
    ]);
    // The line after the continuation is Python again.
    expect(brief(findings.facts, ["epochs"])).toEqual(["epochs=7 @a.ipynb:9 [module_constant] training"]);
  });

  it("reads a one-line string holding triple quotes, and an escaped quote, as closed strings", () => {
    // Each cell: were the one-line string or the escaped quote read as opening a triple-quoted string, the magic
    // after it would be kept as Python and break the parse.
    const closed = read(notebook(["print(\"'''\")", "%matplotlib inline"], ["EPOCHS = 7"]));
    expect(closed.warnings).toEqual([]);
    expect(brief(closed.facts, ["epochs"]).length).toBe(1);
    // After the escaped quote, the triple quote opens a string: the % line inside it is text, and closes it.
    const escaped = read(notebook(["x = '\\''; doc = '''", "%s done'''"], ["EPOCHS = 7"]));
    expect(escaped.warnings).toEqual([]);
    expect(brief(escaped.facts, ["epochs"]).length).toBe(1);
  });
});

describe("notebook metadata", () => {
  const withMetadata = (metadata: unknown, source = ["EPOCHS = 3\n", "loss.backward()"]) =>
    JSON.stringify({ cells: [{ cell_type: "code", source }], metadata }, null, 1);

  it("reads the GPU of the Colab runtime the notebook last ran on as its hardware", () => {
    const findings = read(withMetadata({ accelerator: "GPU", colab: { gpuType: "T4", provenance: [] } }));
    expect(brief(findings.facts, ["hardware"])).toEqual([
      'hardware="nvidia-t4" @a.ipynb:14 [notebook_runtime] training',
    ]);
  });

  it("reads the runtime's GPU of a notebook that trains nothing (tables, plots) as an inference GPU", () => {
    const content = withMetadata({ accelerator: "GPU", colab: { gpuType: "T4" } }, ["print(table)"]);
    expect(brief(read(content).facts, ["hardware"])).toEqual([
      'hardware="nvidia-t4" @a.ipynb:13 [notebook_runtime] inference',
    ]);
    // A run length it sets is a sign of training, whatever API trains (Stable-Baselines3's `learn`).
    const learns = withMetadata({ accelerator: "GPU", colab: { gpuType: "T4" } }, [
      "model.learn(total_timesteps=100000)",
    ]);
    expect(brief(read(learns).facts, ["hardware"])).toEqual([
      'hardware="nvidia-t4" @a.ipynb:13 [notebook_runtime] training',
    ]);
  });

  it("gives the runtime's GPU the context of the notebook's name", () => {
    const content = withMetadata({ accelerator: "GPU", colab: { gpuType: "A100" } });
    const facts = analyzeNotebook("inference_demo.ipynb", content, parser, 2000).facts;
    expect(brief(facts, ["hardware"])).toEqual([
      'hardware="nvidia-a100" @inference_demo.ipynb:14 [notebook_runtime] inference',
    ]);
  });

  const printing = (text: string[], source = ["EPOCHS = 3\n", "loss.backward()"]) =>
    JSON.stringify(
      { cells: [{ cell_type: "code", source, outputs: [{ output_type: "stream", name: "stdout", text }] }] },
      null,
      1,
    );

  it("reads a GPU the training notebook printed as the hardware it ran on, once", () => {
    const content = printing([
      "PyTorch Version: 2.1\n",
      "GPU Device: NVIDIA RTX A5000\n",
      "GPU: NVIDIA RTX A5000\n",
    ]);
    expect(brief(read(content).facts, ["hardware"])).toEqual([
      'hardware="nvidia-rtx-a5000" @a.ipynb:15 [notebook_runtime] training',
    ]);
  });

  it("reads no printed GPU from a notebook that trains nothing, a device that is no GPU name, or unlabelled text", () => {
    expect(brief(read(printing(["GPU: Tesla T4\n"], ["print(table)"])).facts, ["hardware"])).toEqual([]);
    // A megabyte line of an untrusted notebook is not scanned (it cost seconds per line).
    const long = `gpu: ${" ".repeat(200)}NVIDIA RTX A5000\n`;
    for (const text of [
      long,
      "Using device: cuda\n",
      "Device: cpu\n",
      "Intel Xeon Silver 4210 beats a Tesla T4\n",
    ])
      expect(brief(read(printing([text])).facts, ["hardware"])).toEqual([]);
  });

  it("reads nothing from a CPU runtime, an unknown GPU name or no metadata", () => {
    for (const metadata of [
      { accelerator: "None", colab: { gpuType: "T4" } },
      { accelerator: "GPU", colab: { gpuType: "Hyperion 9000" } },
      { kernelspec: { name: "python3" } },
    ])
      expect(brief(read(withMetadata(metadata)).facts, ["hardware"])).toEqual([]);
  });
});
