import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Command } from "commander";
import { profileIds } from "../../../src/catalog/venue-profiles.js";
import { registerCheck } from "../../../src/doors/cli/commands/check.js";

const run = promisify(execFile);

/** `check --help`, in process: the text commander prints, its line wrapping undone. */
function checkHelp(): string {
  const program = new Command();
  registerCheck(program);
  return program.commands
    .find((command) => command.name() === "check")!
    .helpInformation()
    .replace(/\s+/g, " ");
}

async function check(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("./bin/ml-footprint", ["check", ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("ml-footprint check", () => {
  it("prints JSON with the items, the cross-check, the estimate and its own cost", async () => {
    const { code, stdout } = await check(["fixtures/demo", "--profile", "neurips", "--format", "json"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.verdict).toBe("inconsistent");
    expect(report.crosscheck.find((e: { field: string }) => e.field === "epochs")).toMatchObject({
      status: "mismatch",
      paper: { value: 100 },
      code: { value: 300, evidence: { file: "scripts/train.slurm", line: 9 } },
    });
    expect(report.estimate.energy_kwh.central).toBeGreaterThan(0);
    expect(Object.keys(report.cost)).toEqual(["wall_s", "cpu_s", "energy_wh", "basis"]);
  });

  it("fails on inconsistent items when asked, and not otherwise", async () => {
    expect((await check(["fixtures/demo", "--fail-on", "inconsistent"])).code).toBe(1);
    expect((await check(["fixtures/check/code-missing", "--fail-on", "inconsistent"])).code).toBe(0);
  });

  it("fails on missing required items when asked", async () => {
    expect((await check(["fixtures/check/nothing-disclosed", "--fail-on", "missing"])).code).toBe(1);
    expect(
      (await check(["fixtures/check/all-disclosed", "--profile", "neurips", "--fail-on", "missing"])).code,
    ).toBe(0);
  });

  it("lists the venue profiles of data/venue-profiles.json in its help", () => {
    expect(checkHelp()).toContain(`venue profile: ${profileIds().join(", ")}`);
    expect(profileIds()).toContain("neurips");
  });

  it("refuses an unknown profile or format with one line", async () => {
    const profile = await check(["fixtures/demo", "--profile", "icml"]);
    expect(profile.code).toBe(1);
    expect(profile.stderr.trim()).toBe(
      'ml-footprint: unknown profile "icml" (use one of: generic, neurips, acl, aaai, pineau)',
    );
    const format = await check(["fixtures/demo", "--format", "html"]);
    expect(format.stderr.trim()).toBe("ml-footprint: --format must be markdown, json or text, not html");
  });

  it("reports a folder that does not exist", async () => {
    const missing = await check(["fixtures/no-such-repo"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe("ml-footprint: fixtures/no-such-repo: no such folder");
  });

  it("takes the paper from elsewhere with --paper", async () => {
    const { stdout } = await check([
      "fixtures/check/paper-missing",
      "--paper",
      "fixtures/check/code-missing/paper/main.tex",
    ]);
    expect(stdout).toMatch(/Paper and code:\n\s+hardware\s+match/);
  });
});

describe("ml-footprint check and analyze: the time bound", () => {
  it("stops an analysis at --timeout and says which bound was hit", async () => {
    const slow = await check(["fixtures/demo", "--timeout", "0.001"]);
    expect(slow.code).toBe(1);
    expect(slow.stderr.trim()).toBe(
      "ml-footprint: The analysis took longer than 0 s (--timeout); stopped. Raise it with --timeout SECONDS.",
    );
  });

  it("refuses a timeout that is not a positive number of seconds", async () => {
    const bad = await check(["fixtures/demo", "--timeout", "-3"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      "ml-footprint: --timeout must be a number of seconds between 0 and 86400, not -3",
    );
  });
});
