/**
 * Worker-thread side of the checklist pool (check-pool.ts): runs `runCheck` off the main thread, so a long
 * synchronous analysis never delays the answer to a webhook.
 */
import { runCheck, type CheckOptions } from "../pipeline.js";
import { serveTasks } from "./task-worker.js";

serveTasks<CheckOptions>(runCheck);
