/** The inspector the escaping tests rely on must itself find what it is meant to find. */
import { describe, expect, it } from "@jest/globals";
import { inspectPlainText, inspectPostedMarkdown } from "../helpers/posted-markdown.js";

describe("inspectPostedMarkdown", () => {
  it.each([
    ["a mention", "thanks @octocat", "mention"],
    ["a mention written as an escape", "thanks \\@octocat", "mention"],
    ["an e-mail address", "me@evil.example", "mention or e-mail"],
    ["an issue reference", "see other/repo#12", "issue reference"],
    ["an autolink", "https://evil.example", "autolink"],
    ["a www autolink", "go to www.evil.example", "autolink"],
    ["a link", "[x](y)", "link"],
    ["an image", "![x](y)", "link"],
    ["a tag", "<img src=x>", "HTML"],
    ["a comment", "<!-- hidden", "HTML"],
    ["an entity", "&#64;octocat", "entity"],
    ["an unbalanced </details>", "</details>", "without <details>"],
    ["an open <details>", "<details><summary>x</summary>", "left open"],
    ["an open fence", "```text\ncode", "fence is left open"],
    ["an unmatched backtick", "a ``b` c", "unmatched backtick"],
    ["a table row with a stray pipe", "| a | b |\n|---|---|\n| x | y | z |", "table row with 3 cells"],
  ])("finds %s", (_what, body, finding) => {
    expect(inspectPostedMarkdown(body).join("\n")).toContain(finding);
  });

  it("finds a body over GitHub's limit", () => {
    expect(inspectPostedMarkdown("x".repeat(65_536))).toEqual(["longer than 65535 characters: 65536"]);
  });

  it("accepts our own HTML, escaped text, code spans, code blocks and what it is told to allow", () => {
    const body = [
      "<!-- ml-footprint:checklist -->",
      "<details><summary>Evidence</summary>",
      "",
      "| a | b |",
      "|---|---|",
      "| `x\\|y` | \\[x\\]&lt;img&gt; @\u200Bteam #\u200B1 https:\u200B//x &amp; |",
      "",
      "````yaml",
      "```",
      "<img> @octocat [x](y) #1",
      "````",
      "",
      "`<b>@octocat</b>` and ``a`b`` <sub>x</sub>",
      "Last checked: octo/paper@abc123.",
      "",
      "</details>",
      '<!-- ml-footprint:state {"v":1} -->',
    ].join("\n");
    expect(inspectPostedMarkdown(body, { allow: ["octo/paper@abc123"] })).toEqual([]);
  });
});

describe("inspectPlainText", () => {
  it("finds line breaks, control characters, mentions and links, and an over-long title", () => {
    expect(inspectPlainText("a\nb", 10)).toHaveLength(1);
    expect(inspectPlainText("\u001b[2J", 10)).toHaveLength(1);
    expect(inspectPlainText("@octocat https://x", 100)).toHaveLength(2);
    expect(inspectPlainText("x".repeat(11), 10)).toHaveLength(1);
    expect(inspectPlainText("<b>fine</b> as text", 100)).toEqual([]);
  });
});
