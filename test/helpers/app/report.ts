/** Checklist reports written by hand for the app's tests (the real pipeline is injected elsewhere). */
import type { ChecklistItemResult, CheckReport, ItemStatus } from "../../../src/judge/types.js";

const TITLES: Record<string, string> = {
  hardware: "Hardware type and count",
  training_time: "Training time",
  region: "Where the training ran",
  energy: "Energy or emissions",
};

export function item(id: string, status: ItemStatus): ChecklistItemResult {
  return {
    id,
    title: TITLES[id] ?? id,
    venueRefs: ["neurips.8"],
    required: true,
    status,
    message: status === "disclosed" ? "Stated." : `Add the ${TITLES[id] ?? id}.`,
    values: {},
    evidence: [],
  };
}

export function stubReport(overrides: Partial<CheckReport> = {}): CheckReport {
  return {
    profile: "generic",
    verdict: "incomplete",
    headline: "2 of 4 items disclosed; training time and energy missing",
    items: [
      item("hardware", "disclosed"),
      item("training_time", "missing"),
      item("region", "disclosed"),
      item("energy", "missing"),
    ],
    crosscheck: [],
    estimate: null,
    estimateMissing: [],
    declaration: null,
    paper: null,
    code: null,
    warnings: [],
    annotations: [],
    snippets: { paragraph: "", footprintYml: "", modelCard: "" },
    ...overrides,
  };
}

/** A deterministic stand-in for renderCheckMarkdown, so snapshots show what the app adds around it. */
export function renderStub(report: CheckReport): string {
  return [`**${report.headline}**`, "", ...report.items.map((i) => `- ${i.title}: ${i.status}`), ""].join(
    "\n",
  );
}
