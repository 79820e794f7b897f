/** Worker-thread side of the CLI's time bound: runs one analysis task (see analysis-task.ts). */
import { serveTasks } from "../../runtime/task-worker.js";
import { runAnalysisTask, type AnalysisTask } from "./analysis-task.js";

serveTasks<AnalysisTask>(runAnalysisTask);
