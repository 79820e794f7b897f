/**
 * A repository that holds several projects, each with its own write-up and code (a course's `HW1/`..`HW4/`, a
 * student's `report_1_sl/`, `report_2_ol/`), is read for the paper's project only: the settings of the other
 * projects are other papers' runs, and they outnumber the paper's own. Shared folders (no write-up of their own)
 * and root files stay. Pure: decides from paths alone.
 */
import type { Warning } from "../../domain/facts.js";
import type { FileFindings } from "./types.js";

export const OTHER_PROJECTS_LEFT_OUT = "other_projects_left_out";

/** Fields whose presence makes a file training code (not a plot script or a data helper). */
const TRAINING_FIELDS = new Set(["epochs", "steps", "batch_size"]);
/** A write-up by its name: "COMP551A3_report.pdf", "final-paper.tex", "hw2.pdf", "thesis.pdf", "main.tex". */
const WRITEUP_NAME =
  /(?:^|[\W_\d])(?:report|paper|thesis|write-?up|final|project|homework|hw\d*|assignment|submission|manuscript|article|main|document|dissertation)(?:[\W_\d]|$)/i;
/** Names of saved plots and manuals. */
const PLOT_NAME = /fig|plot|curve|loss|result|diagram|architecture|chart|manual|poster|slides/i;
/** Folders that hold a write-up: "report/", "latex/", "paper/". */
const WRITEUP_FOLDER = /^(?:reports?|papers?|latex|tex|docs?|write-?up|thesis|overleaf)$/i;

export interface ProjectScope {
  /** The paper's project folder, repository-relative. */
  folder: string;
  /** Sibling project folders left out. */
  leftOut: string[];
}

const parentOf = (path: string): string => (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "");
const isUnder = (path: string, folder: string): boolean => folder === "" || path.startsWith(`${folder}/`);
/** The child of `parent` that `path` lies in, or null for a file directly in `parent`. */
function childFolder(path: string, parent: string): string | null {
  const rest = parent ? path.slice(parent.length + 1) : path;
  const slash = rest.indexOf("/");
  if (slash < 0) return null;
  return parent ? `${parent}/${rest.slice(0, slash)}` : rest.slice(0, slash);
}

/**
 * A write-up of `folder`'s own: any document at its top ("improving_animal_conservation.pdf"), in a write-up
 * folder of it ("3/latex/document.tex"), or named like one anywhere below it. A figure's PDF lies deeper, in
 * `figures/` or `plots/`, under a name of its own.
 */
function isWriteupOf(document: string, folder: string): boolean {
  if (!isUnder(document, folder)) return false;
  const inside = document.slice(folder.length + 1).split("/");
  const name = inside[inside.length - 1] as string;
  const base = name.replace(/\.[^.]+$/, "");
  // A plot the code saved ("loss_curve.pdf", "fig3.pdf") or a manual is no project's write-up.
  if (PLOT_NAME.test(base)) return false;
  if (inside.length === 1) return /\.tex$/i.test(name) || WRITEUP_NAME.test(base);
  if (inside.length === 2 && WRITEUP_FOLDER.test(inside[0] as string)) return true;
  return WRITEUP_NAME.test(base);
}

/**
 * The paper's project and the sibling projects to leave out, or null when the repository is one project (the
 * paper at the root or in a folder of its own, no sibling with both a write-up and training code).
 *
 * @example
 *   projectScope(findings, ["1/latex/main.tex", "2/latex/main.tex"], "2/latex/main.tex");
 *   // { folder: "2", leftOut: ["1"] } when 1/ and 2/ both hold training code
 */
export function projectScope(
  findings: readonly FileFindings[],
  documents: readonly string[],
  paperPath: string | null | undefined,
): ProjectScope | null {
  // A path outside the repository ("../x.pdf") names no folder of it: the walk up below finds nothing.
  if (!paperPath) return null;
  const trainingFiles = findings
    .filter((f) => f.facts.some((fact) => TRAINING_FIELDS.has(fact.field)))
    .map((f) => f.path);
  if (trainingFiles.length === 0) return null;
  // From the paper's folder up: the first folder holding training code is the paper's project, if a sibling
  // holds both a write-up and training code (a project of its own).
  for (let folder = parentOf(paperPath); folder !== ""; folder = parentOf(folder)) {
    // The paper's own folder ("paper/", "latex/") is the write-up, not a project, whatever scripts it holds.
    if (WRITEUP_FOLDER.test(folder.slice(folder.lastIndexOf("/") + 1))) continue;
    if (!trainingFiles.some((p) => isUnder(p, folder))) continue;
    const parent = parentOf(folder);
    const siblings = new Set<string>();
    for (const p of trainingFiles) {
      const child = childFolder(p, parent);
      if (child && child !== folder && documents.some((d) => isWriteupOf(d, child))) siblings.add(child);
    }
    return siblings.size > 0 ? { folder, leftOut: [...siblings].sort() } : null;
  }
  return null;
}

/** The findings of the paper's project and of shared files, with a warning naming what was left out. */
export function scopeToPaperProject(
  findings: FileFindings[],
  documents: readonly string[],
  paperPath: string | null | undefined,
): { findings: FileFindings[]; warning: Warning | null } {
  const scope = projectScope(findings, documents, paperPath);
  if (!scope) return { findings, warning: null };
  const kept = findings.filter((f) => !scope.leftOut.some((folder) => isUnder(f.path, folder)));
  const named = scope.leftOut.slice(0, 5).map((f) => `${f}/`);
  const more = scope.leftOut.length > 5 ? ` and ${scope.leftOut.length - 5} more` : "";
  return {
    findings: kept,
    warning: {
      code: OTHER_PROJECTS_LEFT_OUT,
      message: `read the paper's project (${scope.folder}/) and shared files; left out ${named.join(", ")}${more}: ${scope.leftOut.length === 1 ? "a folder that holds" : "folders that hold"} another write-up with its own training code`,
    },
  };
}
