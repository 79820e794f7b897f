/**
 * What a survey shows while it runs: a progress bar with rate and ETA on a terminal (cli-progress, on stderr),
 * a plain line every few seconds otherwise (logs, CI), or JSON events on stdout with `--json` (one per line:
 * `start`, one `paper` per paper, `done` with the counts) for a program driving the survey.
 */
import cliProgress from "cli-progress";
import type { SurveyPaperRecord } from "./types.js";

export type ProgressMode = "bar" | "lines" | "json";

export interface SurveyStartInfo {
  total: number;
  workers: number;
  text_engine: string;
  reader_version: string;
  out: string;
}

export interface SurveyDoneInfo {
  read: number;
  failed: number;
  cached: number;
  total: number;
  interrupted: boolean;
  wall_s: number;
}

export interface SurveyProgress {
  start(info: SurveyStartInfo): void;
  paper(record: SurveyPaperRecord, cached: boolean): void;
  done(info: SurveyDoneInfo): void;
}

interface Streams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** The mode for this process: JSON when asked, a bar on a terminal, lines otherwise. */
export function progressMode(json: boolean, stderr: { isTTY?: boolean } = process.stderr): ProgressMode {
  return json ? "json" : stderr.isTTY ? "bar" : "lines";
}

const LINE_EVERY_MS = 5_000;

function jsonProgress(out: NodeJS.WritableStream): SurveyProgress {
  const emit = (event: object): void => void out.write(`${JSON.stringify(event)}\n`);
  return {
    start: (info) => emit({ event: "start", ...info }),
    paper: (record, cached) =>
      emit({
        event: "paper",
        id: record.id,
        path: record.path,
        status: record.status,
        cached,
        error: record.error,
        seconds: record.seconds,
      }),
    done: (info) => emit({ event: "done", ...info }),
  };
}

function counting(report: (line: string) => void, everyMs: number): SurveyProgress {
  let total = 0;
  let done = 0;
  let failed = 0;
  let cached = 0;
  let started = 0;
  let last = 0;
  const line = (): string => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? Math.round((total - done) / rate) : null;
    return `survey: ${done}/${total} papers (${failed} failed, ${cached} cached), ${rate.toFixed(1)} papers/s${eta !== null && done < total ? `, ETA ${eta} s` : ""}`;
  };
  return {
    start(info) {
      total = info.total;
      started = last = performance.now();
      report(
        `survey: ${info.total} papers, ${info.workers} workers, text by ${info.text_engine}, output in ${info.out}`,
      );
    },
    paper(record, isCached) {
      done++;
      if (record.status === "failed") failed++;
      if (isCached) cached++;
      const now = performance.now();
      if (now - last >= everyMs) {
        last = now;
        report(line());
      }
    },
    done(info) {
      report(
        `survey ${info.interrupted ? "interrupted" : "done"}: ${info.read} read, ${info.failed} failed, ${info.cached} from the cache, of ${info.total}, in ${info.wall_s} s`,
      );
    },
  };
}

function barProgress(err: NodeJS.WritableStream): SurveyProgress {
  const bar = new cliProgress.SingleBar(
    {
      stream: err,
      format:
        "survey {bar} {value}/{total} papers | {rate} papers/s | ETA {eta_formatted} | {failed} failed, {cached} cached",
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = 0;
  let done = 0;
  let failed = 0;
  let cached = 0;
  return {
    start(info) {
      started = performance.now();
      bar.start(info.total, 0, { rate: "0.0", failed: 0, cached: 0 });
    },
    paper(record, isCached) {
      done++;
      if (record.status === "failed") failed++;
      if (isCached) cached++;
      const seconds = (performance.now() - started) / 1000;
      bar.increment(1, { rate: (seconds > 0 ? done / seconds : 0).toFixed(1), failed, cached });
    },
    done(info) {
      bar.stop();
      err.write(
        `survey ${info.interrupted ? "interrupted" : "done"}: ${info.read} read, ${info.failed} failed, ${info.cached} from the cache, of ${info.total}, in ${info.wall_s} s\n`,
      );
    },
  };
}

/**
 * @example
 *   const progress = createProgress(progressMode(options.json));
 *   progress.start({ total: 400, workers: 2, text_engine: "pdftotext", reader_version, out: "out" });
 */
export function createProgress(
  mode: ProgressMode,
  streams: Streams = { stdout: process.stdout, stderr: process.stderr },
  lineEveryMs = LINE_EVERY_MS,
): SurveyProgress {
  if (mode === "json") return jsonProgress(streams.stdout);
  if (mode === "bar") return barProgress(streams.stderr);
  return counting((text) => void streams.stderr.write(`${text}\n`), lineEveryMs);
}
