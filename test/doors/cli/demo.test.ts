import { exec } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(exec);

/** The two commands of the README's quick start, as written there. */
function quickStart(): string[] {
  const readme = readFileSync("README.md", "utf8");
  const section = readme.split("## Quick start")[1] ?? "";
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block.trim().split("\n");
}

describe("the README quick start", () => {
  it("is exactly two commands: install and run the demo, then the tests", () => {
    expect(quickStart()).toEqual(["ONNXRUNTIME_NODE_INSTALL=skip npm install && npm run demo", "npm test"]);
  });

  it("runs the demo: the checklist of the demo repository, with its deliberate paper/code mismatch", async () => {
    const demo = (quickStart()[0] ?? "").split("&&")[1]?.trim() ?? "";
    const { stdout } = await run(demo, { env: { ...process.env, COLUMNS: "" } });
    // npm prints its own header lines first.
    expect(stdout).toMatch(/\nCompute disclosure inconsistent: .*1\n {2}inconsistent \(consistency\)\n/);
    expect(stdout).toMatch(
      /\* disclosed +Type of compute workers \(CPU or GPU model\)\n +NVIDIA A100 SXM4 80 GB \(paper\/sections\/experiments\.tex:5\)/,
    );
    // Wrapped between words: the continuation line is indented under the text.
    expect(stdout).toMatch(
      /epochs +mismatch +paper 100 \(paper\/sections\/experiments\.tex:3\); code 300\n {37}\(scripts\/train\.slurm:9, over 100 at train\.py:13\)/,
    );
    expect(stdout).toMatch(/Estimated footprint of one training run: [\d.]+ kWh/);
    // The 256 V100 GPUs of related work are someone else's.
    expect(stdout).not.toContain("256 V100");
    // Not a terminal and no COLUMNS: 100 columns.
    expect(stdout.split("\n").filter((line) => line.length > 100)).toEqual([]);
  });

  it("fits a narrower terminal: COLUMNS=80", async () => {
    const demo = (quickStart()[0] ?? "").split("&&")[1]?.trim() ?? "";
    const { stdout } = await run(demo, { env: { ...process.env, COLUMNS: "80" } });
    expect(stdout).toContain("Estimated footprint of one training run");
    expect(stdout.split("\n").filter((line) => line.length > 80)).toEqual([]);
  });
});
