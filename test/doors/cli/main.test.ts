import { jest } from "@jest/globals";
import { readFileSync } from "node:fs";
import { CommanderError } from "commander";
import { reportError } from "../../../src/doors/cli/main.js";
import { InputError } from "../../../src/domain/errors.js";
import { SUMMARY_FIELDS } from "../../../src/domain/facts.js";
import { cli, keysOf } from "./run-cli.js";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
const COMMANDS = ["check", "analyze", "estimate", "validate", "eval", "sync", "survey", "worker"];

describe("ml-footprint CLI", () => {
  it("prints help for the program and lists its commands", async () => {
    const { code, stdout } = await cli(["--help"]);
    expect(code).toBe(0);
    for (const command of COMMANDS) expect(stdout).toContain(command);
  });

  it.each(["--version", "-V"])("prints the version of package.json with %s", async (flag) => {
    expect(await cli([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("documents its exit codes in the help of the program and of every command", async () => {
    for (const args of [["--help"], ...COMMANDS.map((command) => [command, "--help"])]) {
      const { code, stdout } = await cli(args);
      expect(code).toBe(0);
      const footer = stdout.split("Exit codes:")[1] ?? "";
      expect(footer).toMatch(/\n {2}0 {2}done/);
      expect(footer).toMatch(/\n {2}2 {2}usage or input error/);
    }
  });

  it("exits 2 on an unknown command, an unknown option, or no command at all", async () => {
    const unknown = await cli(["chek"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown command 'chek'");
    expect((await cli(["--colour"])).code).toBe(2);
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Usage: ml-footprint");
  });
});

describe("reportError: the exit status of a failure", () => {
  const quiet = () => jest.spyOn(console, "error").mockImplementation(() => undefined);

  it("is 0 after --help or --version, 2 after a usage error commander found", () => {
    expect(reportError(new CommanderError(0, "commander.helpDisplayed", "(outputHelp)"))).toBe(0);
    expect(reportError(new CommanderError(1, "commander.unknownOption", "error: unknown option"))).toBe(2);
  });

  it("is 2 with one line for an input error, 70 with the stack for a bug", () => {
    const stderr = quiet();
    expect(reportError(new InputError("not_found", "x.pdf: no such file"))).toBe(2);
    expect(stderr).toHaveBeenLastCalledWith("ml-footprint: x.pdf: no such file");
    expect(reportError(new TypeError("undefined is not a function"))).toBe(70);
    expect(String(stderr.mock.lastCall?.[0])).toMatch(/^ml-footprint: internal error: TypeError/);
    stderr.mockRestore();
  });

  it("prints an error naming a repository's file without its control characters", () => {
    const stderr = quiet();
    const file = "paper/\u001b]0;owned\u0007main.pdf";
    expect(reportError(new InputError("binary", `${file}: a binary file, not a paper`))).toBe(2);
    expect(stderr).toHaveBeenLastCalledWith(
      "ml-footprint: paper/]0;ownedmain.pdf: a binary file, not a paper",
    );
    stderr.mockRestore();
  });
});

describe("ml-footprint analyze", () => {
  const paper = "fixtures/demo/paper/main.tex";

  it("prints one JSON document with a schema_version, snake_case keys, and the summary's exact keys", async () => {
    const { code, stdout } = await cli(["analyze", "--paper", paper, "--repo", "fixtures/demo", "--json"]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).toEqual([
      "schema_version",
      "paper",
      "summary",
      "summary_confidence",
      "alternatives",
      "facts",
      "warnings",
      "timings",
      "code_summary",
      "code_facts",
      "code_warnings",
      "crosscheck",
      "cost",
    ]);
    expect(result.schema_version).toBe(1);
    expect(Object.keys(result.summary)).toEqual([...SUMMARY_FIELDS]);
    expect(result.summary.params).toBe(48_000_000);
    for (const value of Object.values(result.summary))
      expect(value === null || ["number", "string"].includes(typeof value)).toBe(true);
    expect(keysOf(result).filter((key) => /[A-Z]/.test(key))).toEqual([]);
    // Beside the summary, never inside it: the values not chosen, each with a probability and its statement.
    for (const alternative of result.alternatives) {
      expect(typeof alternative.probability).toBe("number");
      expect(alternative.fact.evidence.kind).toBe("paper");
    }
  });

  it("shows --paper as one file, and refuses stray words that are not one path", async () => {
    const help = await cli(["analyze", "--help"]);
    expect(help.stdout).toContain("--paper <file>");
    expect(help.stdout).not.toContain("<file...>");
    const two = await cli(["analyze", "--paper", paper, "fixtures/check/code-missing/paper/main.tex"]);
    expect(two.code).toBe(2);
    expect(two.stderr.trim()).toBe("ml-footprint: --paper takes one file; got 2 words (quote the path)");
    const stray = await cli(["analyze", "--repo", "fixtures/demo", "extra"]);
    expect(stray.code).toBe(2);
    expect(stray.stderr.trim()).toBe("ml-footprint: unexpected argument: extra (analyze takes options only)");
  });

  it("exits 2 on a paper that does not exist", async () => {
    const missing = await cli(["analyze", "--paper", "fixtures/no-such-paper.pdf"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^ml-footprint: .*no-such-paper\.pdf/);
  });

  it("prints numbers in the human format and wraps to COLUMNS", async () => {
    const { code, stdout } = await cli(["analyze", "--paper", paper], { COLUMNS: "80" });
    expect(code).toBe(0);
    expect(stdout).toMatch(/\n {2}params {15}48M {20}main\.tex:15/);
    expect(stdout).not.toMatch(/e\+\d/);
    expect(stdout.split("\n").filter((line) => line.length > 80)).toEqual([]);
  });
});

describe("the other commands: --json with a schema_version, refusals with exit code 2", () => {
  it("estimate --json carries the schema_version", async () => {
    const { code, stdout } = await cli(["estimate", "--hardware", "V100", "--gpu-hours", "100", "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).schema_version).toBe(1);
  });

  it("estimate refuses an unknown hardware with exit code 2", async () => {
    const bad = await cli(["estimate", "--hardware", "Z9000", "--hours", "3"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^ml-footprint: unknown hardware "Z9000"/);
  });

  it("eval refuses --json with --verbose and a --min-f1 that is not a fraction", async () => {
    const both = await cli(["eval", "fixtures", "--json", "--verbose"]);
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toBe(
      "ml-footprint: --json and --verbose do not go together (the JSON lists every error): give one",
    );
    const minF1 = await cli(["eval", "fixtures", "--min-f1", "high"]);
    expect(minF1.code).toBe(2);
    expect(minF1.stderr.trim()).toBe("ml-footprint: --min-f1 must be a number from 0 to 1, not high");
  });
});
