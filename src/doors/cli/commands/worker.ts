import { exitCodesHelp } from "../exit-codes.js";
import type { Command } from "commander";
import { Option } from "commander";
import { InputError } from "../../../domain/errors.js";
import { defaultWorkers } from "../../../survey/pool.js";
import { displayQueueUrl } from "../../../survey/queue/connection.js";
import { startQueueWorker } from "../../../survey/queue/queue-worker.js";
import { readerBuildVersion } from "../../../survey/reader-version.js";
import { timeoutOption } from "../time-bound.js";
import { parseJobs } from "./survey.js";

interface WorkerOptions {
  queue: string;
  jobs?: number;
  timeout: number;
  lockDuration: number;
}

function parseLockDuration(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 3600)
    throw new InputError("usage", `--lock-duration must be 1 to 3600 seconds, not ${value}`);
  return seconds;
}

export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description(
      "read the papers of `survey --queue` from Redis, on any number of machines (they must see the papers at the survey's paths)",
    )
    .requiredOption("--queue <url>", "the survey's Redis: redis://HOST:PORT")
    .addOption(new Option("--jobs <n>", "papers read at once (default: one per core)").argParser(parseJobs))
    .addOption(timeoutOption().default(60, "60, per paper"))
    .addOption(
      new Option(
        "--lock-duration <seconds>",
        "a paper whose worker stops answering goes back to the queue after this long",
      )
        .argParser(parseLockDuration)
        .default(30),
    )
    .addHelpText(
      "after",
      `\nExample:\n  ml-footprint worker --queue redis://redis:6379 --jobs 4\n${exitCodesHelp(null)}\n     (a worker of another reader version puts the paper back and stops with 2)`,
    )
    .action(async (options: WorkerOptions) => {
      const log = (line: string): void => void process.stderr.write(`${line}\n`);
      const jobs = options.jobs ?? defaultWorkers();
      const worker = await startQueueWorker({
        url: options.queue,
        concurrency: jobs,
        timeoutMs: Math.round(options.timeout * 1000),
        lockDurationMs: Math.round(options.lockDuration * 1000),
        log,
      });
      log(
        `worker ${worker.name}: reading papers from ${displayQueueUrl(options.queue)} with ${jobs} thread(s), reader ${readerBuildVersion()}`,
      );
      // SIGINT/SIGTERM once: finish the papers being read, then stop. Twice: Node's default, exit now (the
      // papers go back to the queue after --lock-duration).
      const onSignal = (): void => void worker.close();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        const { refused, read } = await worker.stopped;
        log(`worker ${worker.name}: stopped after ${read} paper(s)`);
        if (refused !== null) throw new InputError("reader_version_mismatch", refused);
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    });
}
