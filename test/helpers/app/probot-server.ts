/**
 * The real Probot server on loopback, as the end-to-end tests start it: `run`, as `npm start` does, configured
 * by the same environment variables, GitHub played by a fake reached through GHE_HOST/GHE_PROTOCOL, and webhooks
 * signed with the secret the server was given.
 */
import { createHmac } from "node:crypto";
import { ProbotOctokit, run, type ApplicationFunction, type Server } from "probot";
import { freePort } from "../free-port.js";
import { PRIVATE_KEY } from "./github.js";

export { freePort };

/** GitHub's `x-hub-signature-256` of a webhook body. */
export const githubSignature = (body: string | Buffer, secret: string): string =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

export interface ProbotServer {
  server: Server;
  /** `http://127.0.0.1:<port>` */
  base: string;
}

/**
 * Starts Probot on a free loopback port with `appFn`, the webhook `secret` and GitHub at `githubHost`
 * (`host:port` of the fake), logging only fatal errors.
 */
export async function startProbotServer(
  appFn: ApplicationFunction,
  options: { secret: string; githubHost: string },
): Promise<ProbotServer> {
  const port = await freePort();
  const server = await run(appFn, {
    env: {
      APP_ID: "1001",
      PRIVATE_KEY,
      WEBHOOK_SECRET: options.secret,
      HOST: "127.0.0.1",
      PORT: String(port),
      GHE_HOST: options.githubHost,
      GHE_PROTOCOL: "http",
      LOG_LEVEL: "fatal",
    },
    // GitHub's 1 write/s pacing is Probot's default; off here so the test measures the app, not the pacing.
    Octokit: ProbotOctokit.defaults((o: object) => ({
      ...o,
      throttle: { enabled: false },
      retry: { enabled: false },
    })),
  });
  return { server, base: `http://127.0.0.1:${port}` };
}

/** Posts a GitHub webhook to the server, signed with `secret`. */
export async function sendWebhook(
  base: string,
  delivery: { event: string; id: string; body: unknown; secret: string },
): Promise<Response> {
  const text = JSON.stringify(delivery.body);
  return fetch(`${base}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": delivery.event,
      "x-github-delivery": delivery.id,
      "x-hub-signature-256": githubSignature(text, delivery.secret),
    },
    body: text,
  });
}
