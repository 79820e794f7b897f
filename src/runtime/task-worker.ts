/**
 * Worker-thread side of the task pool (task-pool.ts): answers each request with the handler's result, or with
 * the error as plain data (an InputError keeps its code and file). One request at a time per worker.
 */
import { parentPort } from "node:worker_threads";
import { isInputError } from "../domain/errors.js";

export interface TaskRequest<Request = unknown> {
  id: number;
  request: Request;
}

export type TaskResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; message: string; code?: string; file?: string } };

/** Serves the pool's requests with `handle` (call it once, at the top of a worker script). */
export function serveTasks<Request>(handle: (request: Request) => Promise<unknown>): void {
  parentPort?.on("message", async ({ id, request }: TaskRequest<Request>) => {
    let response: TaskResponse;
    try {
      response = { id, ok: true, result: await handle(request) };
    } catch (error) {
      response = {
        id,
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
}
