import path from "node:path";
import { Option, type Command } from "commander";
import { InputError } from "../../../domain/errors.js";
import { collectSurveyJobs } from "../../../survey/inputs.js";
import { defaultWorkers } from "../../../survey/pool.js";
import { parseQueueUrl } from "../../../survey/queue/connection.js";
import { createProgress, progressMode } from "../../../survey/progress.js";
import { runSurvey } from "../../../survey/run.js";
import { choosePdfEngine } from "../../../survey/text-engine.js";
import { timeoutOption } from "../time-bound.js";
import { exitCodesHelp } from "../exit-codes.js";

interface SurveyOptions {
  out: string;
  jobs?: number;
  manifest?: string;
  repos?: string;
  cache: boolean;
  pdfEngine: string;
  json?: boolean;
  timeout: number;
  queue?: string;
}

export function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256)
    throw new InputError("usage", `--jobs must be a whole number from 1 to 256, not ${value}`);
  return jobs;
}

export function registerSurvey(program: Command): void {
  program
    .command("survey")
    .description(
      "read many papers (a proceedings year) and write per-paper records, disclosure rates with intervals, footprint distributions and an HTML report",
    )
    .argument(
      "[paths...]",
      "PDFs, LaTeX main files, or folders holding them (every PDF and .tex with \\documentclass)",
    )
    .requiredOption("--out <dir>", "output folder: papers.jsonl, summary.json, report.html, .cache.sqlite")
    .addOption(new Option("--jobs <n>", "worker threads (default: one per core)").argParser(parseJobs))
    .option(
      "--manifest <file>",
      "CSV or JSON Lines with id, title, venue, year, paper, repo (paths relative to it)",
    )
    .option("--repos <dir>", "where the manifest's repo paths are (or, without one, DIR/<paper folder>)")
    .option("--no-cache", "read every paper again and leave the cache alone")
    .option(
      "--pdf-engine <engine>",
      "auto (pdftotext when installed, else pdfjs), pdftotext or pdfjs",
      "auto",
    )
    .option("--json", "JSON events on stdout, one per line: start, paper, done")
    .option(
      "--queue <url>",
      "read the papers with `ml-footprint worker`s through Redis (redis://HOST:PORT; docs/survey.md); --jobs is then the papers on the queue at once",
    )
    .addOption(timeoutOption().default(60, "60, per paper"))
    .addHelpText(
      "after",
      "\nExamples:\n  ml-footprint survey proceedings/2023 --out survey-2023\n  ml-footprint survey --manifest neurips.csv --repos repos/ --out survey --json\n  ml-footprint survey /survey/papers --out /survey/out --queue redis://redis:6379" +
        `\n${exitCodesHelp(null)}\n  130 interrupted (Ctrl-C): what was read is kept, with its summary and report`,
    )
    .action(async (paths: string[], options: SurveyOptions) => {
      if (paths.length === 0 && !options.manifest)
        throw new InputError("usage", "give PATH... and/or --manifest FILE");
      if (options.queue) parseQueueUrl(options.queue); // a usage error before the papers are listed
      const pdfEngine = choosePdfEngine(options.pdfEngine);
      const jobs = collectSurveyJobs({
        paths,
        ...(options.manifest ? { manifest: options.manifest } : {}),
        ...(options.repos ? { repos: options.repos } : {}),
      });
      // Ctrl-C once: stop taking papers, keep and summarise what is done. Twice: Node's default, exit now.
      const interrupt = new AbortController();
      const onSigint = (): void => interrupt.abort();
      process.once("SIGINT", onSigint);
      process.once("SIGTERM", onSigint);
      try {
        const result = await runSurvey({
          jobs,
          outDir: path.resolve(options.out),
          workers: options.jobs ?? defaultWorkers(),
          pdfEngine,
          useCache: options.cache,
          timeoutMs: Math.round(options.timeout * 1000),
          progress: createProgress(progressMode(Boolean(options.json))),
          signal: interrupt.signal,
          ...(options.queue ? { queue: { url: options.queue, inFlight: options.jobs ?? 64 } } : {}),
        });
        if (result.interrupted) process.exitCode = 130;
      } finally {
        process.off("SIGINT", onSigint);
        process.off("SIGTERM", onSigint);
      }
    });
}
