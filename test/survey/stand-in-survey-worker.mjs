// Stand-in for src/survey/worker.ts in the pool's tests (Jest cannot start a TypeScript worker): a piscina
// task module whose behaviour is chosen by the job's id.
import { threadId } from "node:worker_threads";

export default async function surveyTask({ job }) {
  if (job.id === "hang") await new Promise(() => undefined); // never answers: only the timeout ends it
  if (job.id === "crash") process.exit(3);
  if (job.id === "slow") await new Promise((resolve) => setTimeout(resolve, 150));
  return { id: job.id, status: "read", thread: threadId };
}
