/**
 * The house rules of src/ (.dependency-cruiser.cjs, run by `npm run lint`) on small trees we write: they pass
 * on a tree that imports downward, and fail on an upward import, on a circle, and between the two server doors.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const CONFIG = path.resolve(".dependency-cruiser.cjs");
const DEPCRUISE = path.resolve("node_modules/.bin/depcruise");

async function cruise(files: Record<string, string>): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), "layers-"));
  try {
    writeFileSync(
      path.join(dir, "tsconfig.build.json"),
      JSON.stringify({
        compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", allowJs: true },
      }),
    );
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    try {
      const { stdout } = await run(DEPCRUISE, ["src", "--config", CONFIG], { cwd: dir });
      return { ok: true, output: stdout };
    } catch (error) {
      return { ok: false, output: (error as { stdout: string }).stdout };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const entry = { "src/server.ts": 'import { b } from "./judge/b.js";\nexport const s = b;\n' };

describe("the layer rules", () => {
  it("pass on imports that point down", async () => {
    const result = await cruise({
      ...entry,
      "src/judge/b.ts": 'import { a } from "../domain/a.js";\nexport const b = a;\n',
      "src/domain/a.ts": "export const a = 1;\n",
    });
    expect(result).toMatchObject({ ok: true });
  }, 30_000);

  it("fail on an upward import, naming the rule", async () => {
    const result = await cruise({
      ...entry,
      "src/judge/b.ts": 'import { a } from "../domain/a.js";\nexport const b = a;\n',
      "src/domain/a.ts":
        'import type { Report } from "../render/r.js";\nexport const a = 1;\nexport type R = Report;\n',
      "src/render/r.ts": "export interface Report { x: number }\n",
    });
    expect(result.ok).toBe(false);
    expect(result.output).toContain("no-upward-import-from-domain: src/domain/a.ts → src/render/r.ts");
  }, 30_000);

  it("fail on an import circle", async () => {
    const result = await cruise({
      ...entry,
      "src/judge/b.ts": 'import { c } from "./c.js";\nexport const b = 1;\nexport const bc = c;\n',
      "src/judge/c.ts": 'import { b } from "./b.js";\nexport const c = 2;\nexport const cb = b;\n',
    });
    expect(result.ok).toBe(false);
    expect(result.output).toContain("no-circular");
  }, 30_000);

  it("fail when one server door imports the other", async () => {
    const result = await cruise({
      "src/server.ts":
        'import { g } from "./doors/github-app/g.js";\nimport { p } from "./doors/review-platform/p.js";\nexport const s = [g, p];\n',
      "src/doors/github-app/g.ts": 'import { p } from "../review-platform/p.js";\nexport const g = p;\n',
      "src/doors/review-platform/p.ts": "export const p = 1;\n",
    });
    expect(result.ok).toBe(false);
    expect(result.output).toContain("doors-never-import-each-other");
  }, 30_000);
});
