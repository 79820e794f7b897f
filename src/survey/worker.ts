/**
 * A survey worker thread (piscina; see pool.ts). Start-up is paid once per thread, here, before the first paper:
 * the paper reader's modules, the catalogs and the selector model load at import, then each task is one paper.
 */
import { loadSelector } from "../readers/paper/selector/model.js";
import { surveyPaper, type SurveyPaperOptions } from "./survey-paper.js";
import type { SurveyJob } from "./inputs.js";
import type { SurveyPaperRecord } from "./types.js";

export interface SurveyTask {
  job: SurveyJob;
  options: SurveyPaperOptions;
}

await import("../readers/paper/index.js");
await loadSelector();

export default function surveyTask(task: SurveyTask): Promise<SurveyPaperRecord> {
  return surveyPaper(task.job, task.options);
}
