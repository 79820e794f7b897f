import type { Command } from "commander";
import { readPaper } from "../../paper/index.js";
import { readRepository } from "../../code/index.js";

interface AnalyzeOptions {
  paper?: string;
  repo?: string;
  json?: boolean;
}

export function registerAnalyze(program: Command): void {
  program
    .command("analyze")
    .description("read a paper and/or a code repository and print the compute facts with their evidence")
    .option("--paper <file>", "paper as PDF, LaTeX main file, Markdown or plain text")
    .option("--repo <dir>", "code repository folder")
    .option("--json", "print one JSON object")
    .action(async (options: AnalyzeOptions) => {
      if (!options.paper && !options.repo) throw new Error("give --paper FILE and/or --repo DIR");
      const paper = options.paper ? await readPaper(options.paper) : null;
      const code = options.repo ? await readRepository(options.repo) : null;
      const result = {
        ...(paper ? { paper: paper.paper, facts: paper.facts, summary: paper.summary } : {}),
        ...(code
          ? {
              code_facts: code.facts,
              code_summary: { ...code.summary, frameworks: code.frameworks, entry_points: code.entry_points },
            }
          : {}),
      };
      console.log(JSON.stringify(result, null, 2));
    });
}
