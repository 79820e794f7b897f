/**
 * Worker-thread side of the checklist pool (check-pool.ts): runs `runCheck` off the main thread, so a long
 * synchronous analysis never delays the answer to a webhook. One request at a time per worker.
 */
import { parentPort } from "node:worker_threads";
import { runCheck, type CheckOptions } from "../check/index.js";
import { isInputError } from "../domain/errors.js";

export interface CheckRequest {
  id: number;
  options: CheckOptions;
}

export type CheckResponse =
  | { id: number; ok: true; report: unknown }
  | { id: number; ok: false; error: { name: string; message: string; code?: string; file?: string } };

parentPort?.on("message", async (request: CheckRequest) => {
  let response: CheckResponse;
  try {
    response = { id: request.id, ok: true, report: await runCheck(request.options) };
  } catch (error) {
    response = {
      id: request.id,
      ok: false,
      error: isInputError(error)
        ? { name: error.name, message: error.message, code: error.code, file: error.file }
        : {
            name: error instanceof Error ? error.name : "Error",
            message: error instanceof Error ? error.message : String(error),
          },
    };
  }
  parentPort?.postMessage(response);
});
