/**
 * The GitHub App door: webhooks in, jobs on the queue out. Handlers only route: a pure function of the payload
 * (routes.ts) decides whether the event asks for work, the job is enqueued, and the webhook is answered within
 * milliseconds. The webhook guard in front of Probot's middleware bounds bodies and checks signatures first.
 */
import type { Probot } from "probot";
import type { DoorContext } from "../http/door-context.js";
import {
  routeCheckRun,
  routeCheckSuite,
  routeInstallation,
  routeInstallationRepositories,
  routeIssueComment,
  routePullRequest,
  routePush,
  type Route,
} from "./routes.js";
import { installWebhookGuard } from "./webhook-guard.js";

export interface GitHubAppDoorOptions {
  /**
   * Secrets Probot may have been given (its own WEBHOOK_SECRET, or one passed to `run()` by tests and benches):
   * the guard verifies with the one that matches Probot's.
   */
  secretCandidates: ReadonlyArray<string | undefined>;
  log: Probot["log"];
}

/**
 * Mounts the door on a Probot instance.
 *
 * @example
 * mountGitHubApp(app, door, { secretCandidates: [process.env.WEBHOOK_SECRET], log });
 */
export function mountGitHubApp(app: Probot, door: DoorContext, options: GitHubAppDoorOptions): void {
  const { log } = options;
  // Bodies bounded and signatures checked before Probot's webhook middleware sees a request.
  installWebhookGuard(app, {
    maxBodyBytes: door.settings.http.webhookMaxBodyBytes,
    bodies: door.bodies,
    secretCandidates: [...options.secretCandidates],
    log: log.child({ name: "webhook-guard" }),
  });

  /** Routes one event: ignore it (debug log) or enqueue its job. Never throws, never calls GitHub. */
  const handle = async (
    event: { id: string; name: string; payload: unknown },
    route: () => Route,
  ): Promise<void> => {
    let decision: Route;
    try {
      decision = route();
    } catch (error) {
      log.warn({ err: error, delivery: event.id, event: event.name }, "unexpected payload; ignored");
      return;
    }
    if (decision.action === "ignore") {
      log.debug({ delivery: event.id, event: event.name, reason: decision.reason }, "event ignored");
      return;
    }
    const result = await door.queue.enqueue(decision.job);
    log.info({ delivery: event.id, event: event.name, key: decision.job.key, result }, "job enqueued");
  };

  app.on("push", (c) => handle(c, () => routePush(c.id, c.payload, Date.now())));
  app.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"], (c) =>
    handle(c, () => routePullRequest(c.id, c.payload, Date.now())),
  );
  app.on("check_suite.rerequested", (c) => handle(c, () => routeCheckSuite(c.id, c.payload, Date.now())));
  app.on("check_run.rerequested", (c) => handle(c, () => routeCheckRun(c.id, c.payload, Date.now())));
  app.on("issue_comment.created", (c) => handle(c, () => routeIssueComment(c.id, c.payload, Date.now())));
  app.on("installation.created", (c) => handle(c, () => routeInstallation(c.id, c.payload, Date.now())));
  app.on("installation_repositories.added", (c) =>
    handle(c, () => routeInstallationRepositories(c.id, c.payload, Date.now())),
  );
}
