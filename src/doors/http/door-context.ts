/**
 * What a server door gets from the composition root (src/server.ts): the shared runtime (queue, work folder),
 * the HTTP bounds shared by both doors, the log redaction, and the analysis of a commit on GitHub. Doors never
 * import each other; they meet here.
 */
import type { CommitAnalysis } from "../../github/analyse-commit.js";
import type { CheckReport } from "../../judge/types.js";
import type { JobQueue } from "../../runtime/queue/types.js";
import type { AppSettings } from "../../settings.js";
import type { LogRedactor } from "./log-redaction.js";
import type { UnverifiedBodies } from "./read-body.js";

export interface DoorContext {
  settings: AppSettings;
  queue: JobQueue;
  /** This process's folder in the work root (temporary files go under it). */
  workDir: string;
  /** Bounds shared by both endpoints on bodies not yet verified: the byte budget, the time bound, the spool. */
  bodies: UnverifiedBodies;
  /** The redaction of every log line; a door adds its secrets to it. */
  redaction: LogRedactor;
  /** The analysis of one commit on GitHub, with its check run and tracking issue. */
  analysis: CommitAnalysis;
  renderCheckMarkdown(report: CheckReport): string;
}
