/**
 * The injections of issue 10, one by one, through the checklist renderers: a hostile paper, footprint.yml or
 * file name must reach the posted Markdown inert.
 */
import { describe, expect, it } from "@jest/globals";
import { buildCheckReport, renderCheckMarkdown } from "../../src/pipeline.js";
import { parseDeclaration } from "../../src/readers/declaration.js";
import { renderCheckText } from "../../src/render/text.js";
import type { CheckReport } from "../../src/judge/types.js";
import type { Evidence } from "../../src/domain/facts.js";
import { item, stubReport } from "../helpers/app/report.js";
import { inspectPostedMarkdown } from "../helpers/posted-markdown.js";

const ZWSP = "\u200B";

/** A report whose paper evidence quotes `quote` from `file`, and whose warnings say `quote` too. */
function reportQuoting(quote: string, file = "paper/main.tex"): CheckReport {
  const evidence: Evidence = {
    kind: "paper",
    page: null,
    section: quote,
    quote,
    start: 0,
    end: 1,
    file,
    line: 3,
  };
  const hardware = {
    ...item("hardware", "disclosed"),
    message: `${quote} (${file}:3).`,
    evidence: [evidence],
  };
  return stubReport({
    items: [hardware, item("training_time", "missing")],
    paper: { file, format: "latex" },
    warnings: [{ code: "x", message: quote }],
  });
}

describe("the checklist Markdown against a hostile repository", () => {
  it("does not mention anyone a paper @-mentions", () => {
    const markdown = renderCheckMarkdown(reportQuoting("Thanks to @octocat and @github/security."));
    expect(markdown).not.toMatch(/@octocat|@github/);
    expect(markdown).toContain(`@${ZWSP}octocat`);
    expect(inspectPostedMarkdown(markdown)).toEqual([]);
  });

  it("does not let a paper open an HTML comment that hides the rest", () => {
    const markdown = renderCheckMarkdown(reportQuoting("A100 <!-- everything after this is hidden"));
    expect(markdown.split("<!--")).toHaveLength(2); // our marker only
    expect(markdown).toContain("A100 &lt;!-- everything");
    expect(inspectPostedMarkdown(markdown)).toEqual([]);
  });

  it("does not let a paper close our <details> or open its own", () => {
    const markdown = renderCheckMarkdown(reportQuoting("x</details><details><summary>Click</summary>"));
    expect(markdown.match(/<details>/g)?.length).toBe(markdown.match(/<\/details>/g)?.length);
    expect(markdown).not.toContain("x</details>");
    expect(inspectPostedMarkdown(markdown)).toEqual([]);
  });

  it("shows an <img> as text", () => {
    const markdown = renderCheckMarkdown(reportQuoting('<img src="https://evil.example/t.gif">'));
    expect(markdown).not.toContain("<img");
    expect(markdown).toContain(`&lt;img src="https:${ZWSP}//evil.example/t.gif"&gt;`);
    expect(inspectPostedMarkdown(markdown)).toEqual([]);
  });

  it("neutralises Markdown links and images a paper writes", () => {
    const markdown = renderCheckMarkdown(reportQuoting("[click](https://evil.example) ![x](y)"));
    expect(markdown).not.toMatch(/(?<!\\)\]\(|(?<!\\)\[/);
    expect(inspectPostedMarkdown(markdown)).toEqual([]);
  });

  it("keeps a file name with backticks inside its code span", () => {
    const markdown = renderCheckMarkdown(reportQuoting("quote", "paper/`x` @octocat.tex"));
    expect(markdown).toContain("paper ``paper/`x` @octocat.tex``");
    expect(inspectPostedMarkdown(markdown)).toEqual([]);
  });

  it("keeps a code snippet with backtick runs in its span", () => {
    const evidence: Evidence = {
      kind: "code",
      file: "train.py",
      line: 2,
      snippet: "x = ```</details>``` @a",
    };
    const report = stubReport({ items: [{ ...item("hardware", "disclosed"), evidence: [evidence] }] });
    const markdown = renderCheckMarkdown(report);
    expect(markdown).toContain("- `train.py:2` ````x = ```</details>``` @a````");
    expect(inspectPostedMarkdown(markdown)).toEqual([]);
  });

  it("does not let a heading or a list in a warning restructure the comment", () => {
    const markdown = renderCheckMarkdown(reportQuoting("# Approved\n\n- [x] all good"));
    expect(markdown).toContain("- \\# Approved - \\[x\\] all good");
    expect(inspectPostedMarkdown(markdown)).toEqual([]);
  });

  it("keeps a footprint.yml value in its ready-to-paste fence and its property names in code", () => {
    const yaml = [
      'hardware: "A100"',
      "co2e_kg: 3",
      'measured_by: "codecarbon ``` </details> <img src=x> @octocat"',
      '"`pwn` | @team": 1',
    ].join("\n");
    const declaration = parseDeclaration("footprint.yml", yaml);
    const report = buildCheckReport({
      profile: "neurips",
      paper: null,
      paperPath: null,
      code: null,
      declaration,
      warnings: [],
    });
    const markdown = renderCheckMarkdown(report);
    expect(markdown).toContain("measured with codecarbon ``` </details> <img src=x> @octocat");
    expect(markdown).toContain("````text\n");
    expect(markdown).toContain("| `` `pwn` \\| @team `` |");
    expect(inspectPostedMarkdown(markdown)).toEqual([]);
  });

  it("shows at most 50 errors of a footprint.yml and counts the rest", () => {
    const report = stubReport({
      declaration: {
        file: "footprint.yml",
        errors: Array.from({ length: 80 }, (_, i) => ({ property: `p${i}`, reason: "unknown property" })),
      },
    });
    const markdown = renderCheckMarkdown(report);
    expect(markdown).toContain("| `p49` |");
    expect(markdown).not.toContain("| `p50` |");
    expect(markdown).toContain("and 30 more errors.");
  });

  it("keeps <details> balanced and fences closed when the last resort cuts the body", () => {
    const report = stubReport({
      snippets: { paragraph: "p\n".repeat(400), footprintYml: "y: 1\n".repeat(400), modelCard: "m" },
      warnings: Array.from({ length: 20 }, (_, i) => ({ code: "w", message: `warning ${i} `.repeat(20) })),
    });
    for (const size of [1_500, 2_500, 4_000]) {
      const markdown = renderCheckMarkdown(report, size);
      expect(markdown.length).toBeLessThanOrEqual(size);
      expect(markdown).toContain("cut to fit GitHub's size limit");
      expect(inspectPostedMarkdown(markdown)).toEqual([]);
    }
  });
});

describe("the terminal form against a hostile repository", () => {
  it("drops escape sequences and keeps one line per item", () => {
    const text = renderCheckText(reportQuoting("\u001b]0;owned\u0007\u001b[2Jgone\nfake line"));
    expect(text.includes("\u001b") || text.includes("\u0007")).toBe(false);
    expect(text.split("\n").filter((line) => line.includes("gone"))).toHaveLength(2); // the item and the warning
  });
});
