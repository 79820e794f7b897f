/**
 * The installation scan: when the app is installed or repositories are added, analyse the default branch of
 * each repository whose configuration (its own, or the org's `.github`) says `scan_on_install: true`, by
 * enqueueing one ordinary analysis job per repository. Without that setting nothing happens: the app never
 * takes bulk actions unless asked.
 */
import type { Logger, ProbotOctokit } from "probot";
import { loadAppConfig } from "./config/load.js";
import type { JobHandler, JobQueue, QueuedJob } from "../runtime/queue/types.js";
import { analysisJob, type InstallationScanPayload } from "./jobs.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

export interface ScanDependencies {
  octokitFor(installationId: number): Promise<Octokit>;
  queue: JobQueue;
  log: Logger;
}

async function listInstallationRepositories(
  octokit: Octokit,
): Promise<Array<{ owner: string; repo: string }>> {
  const repositories = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
    per_page: 100,
  });
  return repositories.map((r) => ({ owner: r.owner.login, repo: r.name }));
}

/** The job handler registered on the queue as `scan-installation`. */
export function installationScanHandler(deps: ScanDependencies): JobHandler<InstallationScanPayload> {
  return {
    async run(job: QueuedJob<InstallationScanPayload>): Promise<void> {
      const { installationId } = job.payload;
      const log = deps.log.child({ job: job.id, installation: installationId, account: job.payload.account });
      const octokit = await deps.octokitFor(installationId);
      const repositories = job.payload.repositories ?? (await listInstallationRepositories(octokit));
      let enqueued = 0;
      for (const { owner, repo } of repositories) {
        const load = await loadAppConfig(octokit, { owner, repo });
        // An invalid configuration is reported on the repository's first analysed commit, not here.
        if (!load.ok || !load.config.scan_on_install) continue;
        await deps.queue.enqueue(
          analysisJob(`${job.id}:${owner}/${repo}`, {
            repository: { installationId, owner, repo, defaultBranch: null },
            target: { type: "default_branch", sha: null },
            trigger: job.payload.trigger,
            receivedAt: job.payload.receivedAt,
          }),
        );
        enqueued += 1;
      }
      log.info({ repositories: repositories.length, enqueued }, "installation scanned");
    },
  };
}
