/** The ranking of sources (footprint.yml > measurement > paper > code) and one run's consistent compute. */
import type { Fact, FactField, FactValue } from "../../src/domain/facts.js";
import {
  consistentCompute,
  resolveByAuthority,
  type FactSource,
  type ResolvedFacts,
} from "../../src/select/authority.js";

function fact(source: FactSource, field: FactField, value: FactValue, line = 1): Fact {
  return {
    field,
    value,
    raw: String(value),
    confidence: source === "declared" ? 1 : 0.8,
    context: "training",
    evidence:
      source === "declared"
        ? { kind: "declaration", file: "footprint.yml", line, snippet: `${field}: ${value}` }
        : source === "paper"
          ? { kind: "paper", page: 4, section: "Setup", quote: `${field} ${value}`, start: 0, end: 9 }
          : { kind: "code", file: "train.sh", line, snippet: `${field}=${value}` },
  };
}

/** Statements per source, as the selection would give them. */
function statements(table: Partial<Record<FactSource, Partial<Record<FactField, FactValue>>>>) {
  return (source: FactSource, field: FactField): Fact | null => {
    const value = table[source]?.[field];
    return value === undefined ? null : fact(source, field, value);
  };
}

const values = (resolved: ResolvedFacts) =>
  Object.fromEntries(
    (["accelerator_count", "training_time_hours", "gpu_hours"] as const).map((field) => [
      field,
      resolved[field] ? [resolved[field]!.source, resolved[field]!.fact.value] : null,
    ]),
  );

describe("resolveByAuthority", () => {
  it("takes each field from the most authoritative source that states it", () => {
    const resolved = resolveByAuthority(
      statements({
        declared: { hardware: "nvidia-a100-80gb" },
        measured: { energy_kwh: 120 },
        paper: { hardware: "nvidia-v100", energy_kwh: 90, epochs: 100 },
        code: { hardware: "nvidia-v100", epochs: 300, batch_size: 32 },
      }),
    );
    expect(resolved.hardware).toMatchObject({ source: "declared", fact: { value: "nvidia-a100-80gb" } });
    expect(resolved.energy_kwh).toMatchObject({ source: "measured", fact: { value: 120 } });
    expect(resolved.epochs).toMatchObject({ source: "paper", fact: { value: 100 } });
    expect(resolved.batch_size).toMatchObject({ source: "code", fact: { value: 32 } });
    expect(resolved.params).toBeUndefined();
  });

  it("re-derives the paper's GPU-hours from footprint.yml's count and hours (issue 14: 16 × 40 h, not 288)", () => {
    const resolved = resolveByAuthority(
      statements({
        declared: { accelerator_count: 16, training_time_hours: 40 },
        paper: { accelerator_count: 8, training_time_hours: 36, gpu_hours: 288 },
      }),
    );
    expect(values(resolved)).toEqual({
      accelerator_count: ["declared", 16],
      training_time_hours: ["declared", 40],
      gpu_hours: ["declared", 640],
    });
    expect(resolved.gpu_hours?.fact).toMatchObject({
      note: "16 × 40 h",
      tags: ["derived"],
      evidence: { kind: "declaration", file: "footprint.yml" },
    });
  });

  it("re-derives the GPU-hours when only the count is declared, keeping the paper's hours", () => {
    const resolved = resolveByAuthority(
      statements({
        declared: { accelerator_count: 16 },
        paper: { accelerator_count: 8, training_time_hours: 36, gpu_hours: 288 },
      }),
    );
    expect(values(resolved)).toEqual({
      accelerator_count: ["declared", 16],
      training_time_hours: ["paper", 36],
      gpu_hours: ["declared", 576],
    });
  });
});

describe("consistentCompute", () => {
  const resolved = (
    count: [FactSource, number],
    hours: [FactSource, number],
    gpuHours: [FactSource, number],
  ): ResolvedFacts => ({
    accelerator_count: { source: count[0], fact: fact(count[0], "accelerator_count", count[1]) },
    training_time_hours: { source: hours[0], fact: fact(hours[0], "training_time_hours", hours[1]) },
    gpu_hours: { source: gpuHours[0], fact: fact(gpuHours[0], "gpu_hours", gpuHours[1]) },
  });

  it("derives the hours from declared GPU-hours and count when the paper's hours disagree", () => {
    const out = consistentCompute(resolved(["declared", 16], ["paper", 36], ["declared", 640]));
    expect(values(out)).toEqual({
      accelerator_count: ["declared", 16],
      training_time_hours: ["declared", 40],
      gpu_hours: ["declared", 640],
    });
    expect(out.training_time_hours?.fact.note).toBe("640 accelerator-hours / 16");
  });

  it("derives the count from declared GPU-hours and hours, and abstains when it is not a whole number", () => {
    expect(
      values(consistentCompute(resolved(["paper", 8], ["declared", 40], ["declared", 640]))),
    ).toMatchObject({ accelerator_count: ["declared", 16] });
    expect(
      consistentCompute(resolved(["paper", 8], ["declared", 30], ["declared", 640])).accelerator_count,
    ).toBeUndefined();
  });

  it("abstains on count and hours when both come from a source below the declared GPU-hours", () => {
    const out = consistentCompute(resolved(["paper", 8], ["paper", 36], ["declared", 640]));
    expect(values(out)).toEqual({
      accelerator_count: null,
      training_time_hours: null,
      gpu_hours: ["declared", 640],
    });
  });

  it("leaves one source's own figures alone, and values that agree within 1 %", () => {
    const paperOnly = resolved(["paper", 8], ["paper", 36], ["paper", 300]);
    expect(consistentCompute(paperOnly)).toBe(paperOnly);
    const rounded = resolved(["declared", 8], ["declared", 36], ["paper", 290]);
    expect(consistentCompute(rounded)).toBe(rounded);
  });
});
