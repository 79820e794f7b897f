/**
 * `check` end to end on fixtures/declared: the demo repository with a footprint.yml that declares 16 GPUs for
 * 40 hours where the paper says 8 for about 36 (issue 14). The declaration drives the items, the estimate and the
 * three ready-to-paste blocks; its disagreements with the paper and the code are inconsistencies with both
 * evidences.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { parse as parseYaml } from "yaml";

const run = promisify(execFile);

/** A key of the JSON report, whether it is written camelCase or snake_case. */
function key<T>(object: Record<string, unknown>, camel: string): T {
  const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return (object[camel] ?? object[snake]) as T;
}

interface Evidence {
  kind: string;
  file?: string;
  line?: number;
  quote?: string;
  snippet?: string;
}
interface Item {
  id: string;
  status: string;
  message: string;
  evidence: Evidence[];
}

let report: Record<string, unknown>;

beforeAll(async () => {
  const { stdout } = await run("./bin/ml-footprint", [
    "check",
    "fixtures/declared",
    "--profile",
    "neurips",
    "--format",
    "json",
  ]);
  report = JSON.parse(stdout) as Record<string, unknown>;
});

const item = (id: string): Item => (report.items as Item[]).find((i) => i.id === id)!;

describe("check on a repository whose footprint.yml contradicts its paper and code", () => {
  it("flags the accelerator count and the training time, citing footprint.yml's line next to the paper's quote", () => {
    const count = item("accelerator_count");
    expect(count.status).toBe("inconsistent");
    expect(count.evidence).toEqual([
      { kind: "declaration", file: "footprint.yml", line: 6, snippet: "accelerator_count: 16" },
      expect.objectContaining({
        kind: "paper",
        file: "paper/sections/experiments.tex",
        line: 5,
        quote: expect.stringContaining("All models are trained on 8 NVIDIA A100 80GB GPUs"),
      }),
      expect.objectContaining({ kind: "code", file: "scripts/train.slurm", line: 4 }),
    ]);
    expect(item("training_time")).toMatchObject({
      status: "inconsistent",
      message: expect.stringContaining(
        "footprint.yml declares 40 h (footprint.yml:7), but the paper says 36 h",
      ),
    });
    expect(report.verdict).toBe("inconsistent");
  });

  it("estimates from the declared 16 × 40 h = 640 device-hours", () => {
    const estimate = report.estimate as Record<string, unknown>;
    expect(key<{ central: number }>(estimate, "deviceHours").central).toBe(640);
    expect(estimate.derivation).toMatch(/^16 devices × 40 h = 640 device-h/);
  });

  it("writes the three ready-to-paste blocks from the same values as the estimate", () => {
    const snippets = report.snippets as Record<string, string>;
    const estimate = report.estimate as Record<string, unknown>;
    const co2 = key<{ central: number }>(estimate, "co2eKg").central;
    expect(snippets.paragraph).toContain(
      "used 16 NVIDIA A100 SXM4 80 GB accelerators for 40 hours of wall-clock time (640 GPU-hours)",
    );
    expect(parseYaml(key<string>(snippets, "footprintYml"))).toMatchObject({
      hardware: "NVIDIA A100 SXM4 80 GB",
      accelerator_count: 16,
      training_time_hours: 40,
      gpu_hours: 640,
    });
    const card = parseYaml(key<string>(snippets, "modelCard")) as {
      co2_eq_emissions: { emissions: number; hardware_used: string };
    };
    expect(card.co2_eq_emissions).toMatchObject({
      emissions: Math.round(co2 * 1000),
      hardware_used: "16 × NVIDIA A100 SXM4 80 GB",
    });
  });

  it("annotates both sides of each disagreement", () => {
    const annotations = report.annotations as Array<{ path: string; line: number; title: string }>;
    expect(annotations.map((a) => `${a.path}:${a.line} ${a.title}`)).toEqual(
      expect.arrayContaining([
        "footprint.yml:6 accelerator_count: the paper says 8",
        "paper/sections/experiments.tex:5 accelerator_count: footprint.yml declares 16",
        "scripts/train.slurm:4 accelerator_count: footprint.yml declares 16",
        "footprint.yml:7 training_time_hours: the paper says 36",
      ]),
    );
  });
});
