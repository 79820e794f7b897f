/** The health route (`GET /ml-footprint/health`), used by the Docker HEALTHCHECK and load balancers. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { JobQueue } from "../../runtime/queue/types.js";

/**
 * An HTTP handler in Probot's `addHandler` shape: answers `GET`/`HEAD` on `path` with 200 and the queue's
 * figures as JSON, and returns false for every other request so the next handler gets it.
 */
export function healthHandler(path: string, queue: Pick<JobQueue, "stats">) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    if ((req.url ?? "").split("?")[0] !== path) return false;
    const body = JSON.stringify({ status: "ok", queue: queue.stats() });
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  };
}
