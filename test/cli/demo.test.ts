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
    expect(quickStart()).toEqual(["npm install && npm run demo", "npm test"]);
  });

  it("runs the demo: the demo paper's main setup is read with its evidence", async () => {
    const demo = (quickStart()[0] ?? "").split("&&")[1]?.trim() ?? "";
    const { stdout } = await run(demo);
    expect(stdout).toContain("nvidia-a100-80gb");
    expect(stdout).toMatch(/accelerator_count\s+8\s+sections\/experiments\.tex:\d+/);
    expect(stdout).toMatch(/training_time_hours\s+36\s/);
    expect(stdout).toMatch(/country\s+FR\s/);
    // The 256 V100 GPUs of related work are someone else's.
    expect(stdout).not.toMatch(/accelerator_count\s+256/);
  });
});
