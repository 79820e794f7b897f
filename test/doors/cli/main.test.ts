import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

describe("ml-footprint CLI", () => {
  it("prints help for the program and lists its commands", async () => {
    const { stdout } = await run("./bin/ml-footprint", ["--help"]);
    expect(stdout).toContain("analyze");
    expect(stdout).toContain("estimate");
  });
});
