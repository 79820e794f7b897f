/** A pino-shaped logger that records what the app logs, so tests can assert on it. */
import type { Logger } from "probot";

export interface LogRecord {
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}

export function captureLogger(records: LogRecord[] = [], bindings: Record<string, unknown> = {}): Logger {
  const write =
    (level: string) =>
    (first?: unknown, second?: unknown): void => {
      const fields = typeof first === "object" && first !== null ? (first as Record<string, unknown>) : {};
      const msg = typeof first === "string" ? first : typeof second === "string" ? second : "";
      records.push({ level, msg, fields: { ...bindings, ...fields } });
    };
  const logger = {
    level: "trace",
    trace: write("trace"),
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    fatal: write("fatal"),
    silent: () => undefined,
    child: (more: Record<string, unknown>) => captureLogger(records, { ...bindings, ...more }),
  };
  return logger as unknown as Logger;
}
