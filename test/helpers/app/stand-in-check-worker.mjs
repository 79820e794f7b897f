// Stand-in for src/app/check-worker.ts in the pool's tests (Jest cannot start a TypeScript worker): same
// message protocol, behaviour chosen by `options.dir`.
import { parentPort, threadId } from "node:worker_threads";

parentPort.on("message", ({ id, request: options }) => {
  switch (options.dir) {
    case "hang":
      return; // never answers
    case "crash":
      throw new Error("worker blew up");
    case "input-error":
      return parentPort.postMessage({
        id,
        ok: false,
        error: { name: "InputError", message: "no such folder", code: "not_found", file: "x" },
      });
    case "plain-error":
      return parentPort.postMessage({ id, ok: false, error: { name: "TypeError", message: "bad thing" } });
    default:
      setTimeout(
        () => parentPort.postMessage({ id, ok: true, result: { headline: options.dir, threadId } }),
        20,
      );
  }
});
