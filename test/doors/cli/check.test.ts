import { Command } from "commander";
import { profileIds } from "../../../src/catalog/venue-profiles.js";
import { registerCheck } from "../../../src/doors/cli/commands/check.js";
import { cli, keysOf } from "./run-cli.js";

/** `check --help`, in process: the text commander prints, its line wrapping undone. */
function checkHelp(): string {
  const program = new Command();
  registerCheck(program);
  return program.commands
    .find((command) => command.name() === "check")!
    .helpInformation()
    .replace(/\s+/g, " ");
}

const check = (args: string[], env: Record<string, string> = {}) => cli(["check", ...args], env);

describe("ml-footprint check", () => {
  it("prints JSON in snake_case with a schema_version, the items, the cross-check, the estimate and its own cost", async () => {
    const { code, stdout } = await check(["fixtures/demo", "--profile", "neurips", "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)[0]).toBe("schema_version");
    expect(report.schema_version).toBe(1);
    expect(report.verdict).toBe("inconsistent");
    expect(report.crosscheck.find((e: { field: string }) => e.field === "epochs")).toMatchObject({
      status: "mismatch",
      paper: { value: 100 },
      code: { value: 300, evidence: { file: "scripts/train.slurm", line: 9 } },
    });
    expect(report.estimate.energy_kwh.central).toBeGreaterThan(0);
    expect(report.items[0].venue_refs).toEqual(["neurips.8"]);
    expect(Object.keys(report.snippets)).toEqual(["paragraph", "footprint_yml", "model_card"]);
    expect(report.estimate_missing).toEqual([]);
    expect(Object.keys(report.cost)).toEqual(["wall_s", "cpu_s", "energy_wh", "basis"]);
    expect(keysOf(report).filter((key) => /[A-Z]/.test(key))).toEqual([]);
  });

  it("keeps --format json as another spelling of --json", async () => {
    const json = JSON.parse((await check(["fixtures/check/code-missing", "--json"])).stdout);
    const format = JSON.parse((await check(["fixtures/check/code-missing", "--format", "json"])).stdout);
    expect({ ...format, cost: null }).toEqual({ ...json, cost: null });
  });

  it("fails on inconsistent items when asked, says why on stderr, and not otherwise", async () => {
    const failed = await check(["fixtures/demo", "--fail-on", "inconsistent"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim()).toBe(
      "check: 1 item inconsistent (consistency); failing because of --fail-on inconsistent",
    );
    const passed = await check(["fixtures/check/code-missing", "--fail-on", "inconsistent"]);
    expect(passed.code).toBe(0);
    expect(passed.stderr).toBe("");
  });

  it("fails on missing required items when asked, naming them", async () => {
    const failed = await check(["fixtures/check/nothing-disclosed", "--fail-on", "missing"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim()).toBe(
      "check: 3 required items missing (hardware, accelerator count, training time); failing because of --fail-on missing",
    );
    expect(
      (await check(["fixtures/check/all-disclosed", "--profile", "neurips", "--fail-on", "missing"])).code,
    ).toBe(0);
  });

  it("lists the venue profiles of data/venue-profiles.json in its help", () => {
    expect(checkHelp()).toContain(`venue profile: ${profileIds().join(", ")}`);
    expect(profileIds()).toContain("neurips");
  });

  it("shows --paper as the one file it takes", () => {
    expect(checkHelp()).toContain("--paper <file> ");
    expect(checkHelp()).not.toContain("<file...>");
  });

  it("refuses an unknown profile or format with one line and exit code 2", async () => {
    const profile = await check(["fixtures/demo", "--profile", "icml"]);
    expect(profile.code).toBe(2);
    expect(profile.stderr.trim()).toBe(
      'ml-footprint: unknown profile "icml" (use one of: generic, neurips, acl, aaai, pineau)',
    );
    const format = await check(["fixtures/demo", "--format", "html"]);
    expect(format.code).toBe(2);
    expect(format.stderr.trim()).toBe(
      "ml-footprint: --format must be text or markdown (or use --json), not html",
    );
  });

  it("refuses --json with --format text or markdown, in one line saying which", async () => {
    for (const format of ["markdown", "text"]) {
      const both = await check(["fixtures/demo", "--json", "--format", format]);
      expect(both.code).toBe(2);
      expect(both.stdout).toBe("");
      expect(both.stderr.trim()).toBe(
        `ml-footprint: --json and --format ${format} ask for different outputs: give one`,
      );
    }
  });

  it("exits 2 on a missing argument or an unknown option", async () => {
    const missing = await check([]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: missing required argument 'dir-or-paper'");
    const unknown = await check(["fixtures/demo", "--colour"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown option '--colour'");
  });

  it("reports a folder that does not exist, exit code 2", async () => {
    const missing = await check(["fixtures/no-such-repo"]);
    expect(missing.code).toBe(2);
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

  it("checks a paper file given instead of a folder alone, and says that no code was read", async () => {
    const paper = "fixtures/check/code-missing/paper/main.tex";
    const { code, stdout } = await check([paper, "--profile", "neurips", "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.paper.file).toBe(paper);
    expect(report.code).toBeNull();
    expect(report.crosscheck).toEqual([]);
    expect(report.items.find((i: { id: string }) => i.id === "hardware").status).toBe("disclosed");
    expect(report.warnings).toContainEqual(expect.objectContaining({ code: "code_not_read", file: paper }));
    const text = await check([paper]);
    expect(text.stdout).toContain(`warning: ${paper}: the paper was checked alone: no code was read`);
  });

  it("refuses a paper file given with another --paper", async () => {
    const both = await check([
      "fixtures/check/code-missing/paper/main.tex",
      "--paper",
      "fixtures/demo/paper/main.tex",
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toBe(
      "ml-footprint: fixtures/check/code-missing/paper/main.tex is a file and --paper gives another paper: give the repository folder with --paper, or the paper alone",
    );
  });

  it("prints statuses in words and wraps text to COLUMNS, never mid-word", async () => {
    const { stdout } = await check(["fixtures/demo", "--profile", "neurips"], { COLUMNS: "72" });
    expect(stdout).toContain("not applicable  Inference cost of a deployed model");
    expect(stdout).not.toMatch(/not_applicable|needs_human|code_only|paper_only/);
    const lines = stdout.trimEnd().split("\n");
    expect(lines.filter((line) => line.length > 72)).toEqual([]);
    // The words of the long title are all there, in order, on consecutive lines.
    expect(stdout.replace(/\s+/g, " ")).toContain(
      "Total compute, and whether the full project required more (preliminary or failed experiments)",
    );
  });

  it("wraps to 100 columns when the output is not a terminal and COLUMNS is not set", async () => {
    const { stdout } = await check(["fixtures/demo", "--profile", "neurips"]);
    const lines = stdout.trimEnd().split("\n");
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(100);
    expect(Math.max(...lines.map((line) => line.length))).toBeGreaterThan(90);
  });
});

describe("ml-footprint check and analyze: the time bound", () => {
  it("stops an analysis at --timeout, says which bound was hit, exit code 2", async () => {
    const slow = await check(["fixtures/demo", "--timeout", "0.001"]);
    expect(slow.code).toBe(2);
    expect(slow.stderr.trim()).toBe(
      "ml-footprint: The analysis took longer than 0 s (--timeout); stopped. Raise it with --timeout SECONDS.",
    );
  });

  it("refuses a timeout that is not a positive number of seconds", async () => {
    const bad = await check(["fixtures/demo", "--timeout", "-3"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(
      "ml-footprint: --timeout must be a number of seconds between 0 and 86400, not -3",
    );
  });
});
