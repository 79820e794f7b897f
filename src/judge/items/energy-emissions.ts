/** Energy and emissions reported (Pineau: "or estimated energy cost"; climate-aware NLP cards). */
import { declaredFact, measuredFact, paperFact } from "../../select/selection.js";
import { declarationConflict } from "./declaration-conflict.js";
import { describeValue, whereOf } from "./describe.js";
import type { ChecklistItem } from "./types.js";

export const energyEmissionsItem: ChecklistItem = {
  id: "energy_emissions",
  title: "Energy and emissions",
  evaluate(context) {
    const conflict = declarationConflict(context, ["energy_kwh", "co2e_kg"]);
    if (conflict) return conflict;
    // The declaration first: it is the authority (src/select/authority.ts).
    const stated = (["energy_kwh", "co2e_kg"] as const)
      .map((field) => declaredFact(context, field) ?? paperFact(context, field))
      .filter((f) => f !== null);
    if (stated.length === 2 || (stated.length === 1 && stated[0]?.field === "co2e_kg"))
      return {
        status: "disclosed",
        message: `${stated.map((f) => `${describeValue(f.field, f.value)} (${whereOf(f.evidence)})`).join("; ")}.`,
        values: { paper: stated[0]?.value ?? null },
        evidence: stated.map((f) => f.evidence),
      };
    const measured = (["energy_kwh", "co2e_kg"] as const)
      .map((field) => measuredFact(context, field))
      .filter((f) => f !== null);
    if (stated.length)
      return {
        status: "partial",
        message: `${describeValue(stated[0]!.field, stated[0]!.value)} (${whereOf(stated[0]!.evidence)}); add the emissions and where they were computed.`,
        values: { paper: stated[0]!.value },
        evidence: stated.map((f) => f.evidence),
      };
    if (measured.length)
      return {
        status: "inferred",
        message: `The repository holds a measurement: ${measured.map((f) => `${describeValue(f.field, f.value)} (${whereOf(f.evidence)})`).join("; ")}; report it in the paper.`,
        values: { code: measured[0]?.value ?? null },
        evidence: measured.map((f) => f.evidence),
      };
    return {
      status: "missing",
      message:
        "The paper reports neither energy nor emissions; the estimate below can be used, with its range.",
      values: {},
      evidence: [],
    };
  },
};
