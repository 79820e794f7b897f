// A small fake of the GitHub REST API on loopback, for the app's end-to-end test and scripts/bench-app.mjs.
// It serves what the app reads (installation token, app slug, config, repository, branch, pull request,
// tarball through a codeload-style redirect, issue and comment lists) and records what the app writes
// (check runs, issues, comments), enough to assert "exactly one up-to-date checklist per repository".
// Paths are served under /api/v3 as on GitHub Enterprise, so the app reaches it with GHE_HOST/GHE_PROTOCOL.
import { createServer } from "node:http";

const BOT = { login: "ml-footprint[bot]", type: "Bot" };

/**
 * @param {object} options
 * @param {(owner: string, repo: string, sha: string) => Buffer} options.tarball  archive of a commit
 * @param {Record<string, string>} [options.configs]  ".github/ml-footprint.yml" by "owner/repo" (org: "owner/.github")
 * @param {Record<string, string>} [options.branches]  head sha of the default branch by "owner/repo"
 * @param {number} [options.latencyMs]  added to every API answer (not to the archive download)
 * @param {(request: { method: string, path: string }) => boolean} [options.hold]  true: record the request
 *   (and, for a check-run creation, the check run) but never answer it, as GitHub seen by a process that dies
 *   waiting; `state.held` counts them
 */
export async function startFakeGitHub(options) {
  const configs = options.configs ?? {};
  const branches = options.branches ?? {};
  const latencyMs = options.latencyMs ?? 0;
  const state = {
    requests: [],
    unmatched: [],
    tokens: 0,
    checkRuns: [],
    issues: new Map(),
    comments: new Map(),
    nextId: 1000,
    held: 0,
  };
  /** Answers never sent (`hold`); destroyed on close so the server can stop. */
  const heldResponses = new Set();
  const holds = (method, path) => Boolean(options.hold?.({ method, path }));
  const hold = (res) => {
    state.held += 1;
    heldResponses.add(res);
  };
  const issuesOf = (repoKey) => {
    if (!state.issues.has(repoKey)) state.issues.set(repoKey, []);
    return state.issues.get(repoKey);
  };

  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const raw = Buffer.concat(chunks).toString("utf8");
    const body = raw ? JSON.parse(raw) : null;
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname;
    state.requests.push({ method: req.method, path, at: Date.now() });
    const json = (status, data) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(data));
    };
    const notFound = () => json(404, { message: "Not Found" });
    if (latencyMs > 0 && !path.startsWith("/codeload/")) await new Promise((r) => setTimeout(r, latencyMs));

    let m;
    if ((m = path.match(/^\/codeload\/([^/]+)\/([^/]+)\/([0-9a-f]+)$/)) && req.method === "GET") {
      if (holds(req.method, path)) return hold(res);
      const archive = options.tarball(m[1], m[2], m[3]);
      res.writeHead(200, { "content-type": "application/x-gzip", "content-length": String(archive.length) });
      return res.end(archive);
    }
    if (!path.startsWith("/api/v3/")) {
      state.unmatched.push(`${req.method} ${path}`);
      return notFound();
    }
    const api = path.slice("/api/v3".length);
    const route = `${req.method} ${api}`;

    if ((m = route.match(/^POST \/app\/installations\/(\d+)\/access_tokens$/))) {
      state.tokens += 1;
      return json(201, { token: `ghs_fake_${m[1]}`, expires_at: "2099-01-01T00:00:00Z", permissions: {} });
    }
    if (route === "GET /app") return json(200, { id: 1001, slug: "ml-footprint", name: "ml-footprint" });
    if ((m = route.match(/^GET \/repos\/([^/]+)\/([^/]+)\/contents\/\.github%2Fml-footprint\.yml$/))) {
      const text = configs[`${m[1]}/${m[2]}`];
      if (text === undefined) return notFound();
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
      return res.end(text);
    }
    if ((m = route.match(/^GET \/repos\/([^/]+)\/([^/]+)\/tarball\/([0-9a-f]+)$/))) {
      const host = req.headers.host;
      res.writeHead(302, { location: `http://${host}/codeload/${m[1]}/${m[2]}/${m[3]}` });
      return res.end();
    }
    if ((m = route.match(/^GET \/repos\/([^/]+)\/([^/]+)$/)))
      return json(200, { name: m[2], default_branch: "main" });
    if ((m = route.match(/^GET \/repos\/([^/]+)\/([^/]+)\/branches\/([^/]+)$/))) {
      const sha = branches[`${m[1]}/${m[2]}`];
      return sha ? json(200, { name: m[3], commit: { sha } }) : notFound();
    }
    if ((m = route.match(/^GET \/repos\/([^/]+)\/([^/]+)\/commits\/([0-9a-f]+)\/check-runs$/))) {
      const name = url.searchParams.get("check_name");
      const runs = state.checkRuns
        .filter((r) => r.repo === `${m[1]}/${m[2]}` && r.head_sha === m[3] && (!name || r.name === name))
        .map((r) => ({
          id: r.id,
          name: r.name,
          head_sha: r.head_sha,
          external_id: r.external_id ?? null,
          status: r.status,
          conclusion: r.conclusion ?? null,
          app: { id: 1001, slug: "ml-footprint" },
        }));
      return json(200, { total_count: runs.length, check_runs: runs });
    }
    if ((m = route.match(/^POST \/repos\/([^/]+)\/([^/]+)\/check-runs$/))) {
      const run = {
        id: state.nextId++,
        repo: `${m[1]}/${m[2]}`,
        ...body,
        updates: [],
        createdAt: Date.now(),
      };
      state.checkRuns.push(run);
      if (holds(req.method, path)) return hold(res);
      return json(201, { id: run.id, html_url: `http://fake/${run.repo}/runs/${run.id}` });
    }
    if ((m = route.match(/^PATCH \/repos\/([^/]+)\/([^/]+)\/check-runs\/(\d+)$/))) {
      const run = state.checkRuns.find((r) => r.id === Number(m[3]));
      if (!run) return notFound();
      run.updates.push(body);
      if (body.status) run.status = body.status;
      if (body.conclusion) {
        run.conclusion = body.conclusion;
        run.completedAt = Date.now();
      }
      if (body.output) run.output = body.output;
      return json(200, { id: run.id });
    }
    if ((m = route.match(/^GET \/repos\/([^/]+)\/([^/]+)\/issues$/))) {
      const creator = url.searchParams.get("creator");
      const list = issuesOf(`${m[1]}/${m[2]}`).filter((i) => !creator || i.user.login === creator);
      return json(200, list);
    }
    if ((m = route.match(/^POST \/repos\/([^/]+)\/([^/]+)\/issues$/))) {
      const list = issuesOf(`${m[1]}/${m[2]}`);
      const issue = {
        number: list.length + 1,
        title: body.title,
        body: body.body,
        user: BOT,
        html_url: `http://fake/${m[1]}/${m[2]}/issues/${list.length + 1}`,
        edits: 0,
      };
      list.push(issue);
      return json(201, issue);
    }
    if ((m = route.match(/^PATCH \/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/))) {
      const issue = issuesOf(`${m[1]}/${m[2]}`).find((i) => i.number === Number(m[3]));
      if (!issue) return notFound();
      issue.body = body.body ?? issue.body;
      issue.edits += 1;
      return json(200, issue);
    }
    if ((m = route.match(/^GET \/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/))) {
      return json(200, state.comments.get(`${m[1]}/${m[2]}#${m[3]}`) ?? []);
    }
    if ((m = route.match(/^POST \/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/))) {
      const key = `${m[1]}/${m[2]}#${m[3]}`;
      const comment = { id: state.nextId++, body: body.body, user: BOT, edits: 0 };
      state.comments.set(key, [...(state.comments.get(key) ?? []), comment]);
      return json(201, comment);
    }
    if ((m = route.match(/^PATCH \/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/))) {
      for (const list of state.comments.values()) {
        const comment = list.find((c) => c.id === Number(m[3]));
        if (comment) {
          comment.body = body.body;
          comment.edits += 1;
          return json(200, comment);
        }
      }
      return notFound();
    }
    state.unmatched.push(route);
    return notFound();
  });

  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    port,
    host: `127.0.0.1:${port}`,
    state,
    close: () =>
      new Promise((resolve) => {
        for (const res of heldResponses) res.destroy();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
