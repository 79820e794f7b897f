// A front for test/helpers/app/fake-github.mjs, for the platform's end-to-end test and scripts/bench-platform.mjs.
// The fake serves what the app reads, not `GET /repos/{owner}/{repo}/installation` (the platform's lookup of
// the app's installation on a submission's repository). This front answers that route and passes every other
// request through to the fake unchanged (Host header included, so the fake's codeload redirects come back here).
import { createServer, request } from "node:http";

/**
 * @param {string} fakeHost  the fake's "127.0.0.1:port"
 * @param {(fullName: string) => number | null} installationOf  installation id of "owner/repo", or null (404)
 * @param {string[]} [lookups]  receives the "owner/repo" of every lookup
 */
export async function startInstallationFront(fakeHost, installationOf, lookups = []) {
  const [hostname, port] = fakeHost.split(":");
  const agent = new (await import("node:http")).Agent({ keepAlive: true, maxSockets: 64 });
  const server = createServer((req, res) => {
    const match = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/installation$/.exec(req.url ?? "");
    if (match && req.method === "GET") {
      const fullName = `${match[1]}/${match[2]}`;
      lookups.push(fullName);
      const id = installationOf(fullName);
      res.writeHead(id ? 200 : 404, { "content-type": "application/json" });
      res.end(JSON.stringify(id ? { id, app_id: 1001 } : { message: "Not Found" }));
      return;
    }
    const upstream = request(
      { hostname, port: Number(port), path: req.url, method: req.method, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${address.port}`,
    host: `127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
