import { describe, expect, it } from "@jest/globals";
import {
  cleanText,
  codeSpan,
  commitReference,
  fencedBlock,
  markdownQuote,
  markdownText,
  plainText,
  truncateMarkdown,
} from "../../src/render/escape.js";

const ZWSP = "\u200B";

describe("markdownText", () => {
  it("breaks @mentions and team mentions with a zero-width space", () => {
    expect(markdownText("thanks @octocat and @github/security")).toBe(
      `thanks @${ZWSP}octocat and @${ZWSP}github/security`,
    );
  });

  it("breaks issue references, autolinks and e-mail addresses", () => {
    expect(markdownText("see other/repo#12 and #3")).toBe(`see other/repo#${ZWSP}12 and #${ZWSP}3`);
    expect(markdownText("https://evil.example/x www.evil.example")).toBe(
      `https:${ZWSP}//evil.example/x w${ZWSP}ww.evil.example`,
    );
    expect(markdownText("WWW.Evil.example")).toBe(`W${ZWSP}WW.Evil.example`);
    expect(markdownText("mail me@evil.example")).toBe(`mail me@${ZWSP}evil.example`);
  });

  it("turns HTML, comments and entities into text", () => {
    expect(markdownText("<!-- hide")).toBe("&lt;!-- hide");
    expect(markdownText("</details><img src=x onerror=alert(1)>")).toBe(
      "&lt;/details&gt;&lt;img src=x onerror=alert(1)&gt;",
    );
    expect(markdownText("&#64;octocat &lt;")).toBe(`&amp;#${ZWSP}64;octocat &amp;lt;`);
  });

  it("escapes links, images, code, emphasis, strikethrough, math and table pipes", () => {
    expect(markdownText("[x](https://evil) ![i](y) `c` *b* ~s~ $m$ a|b \\")).toBe(
      `\\[x\\](https:${ZWSP}//evil) !\\[i\\](y) \\\`c\\\` \\*b\\* \\~s\\~ \\$m\\$ a\\|b \\\\`,
    );
  });

  it("escapes underscores that could start emphasis, not those inside a word", () => {
    expect(markdownText("batch_size _x_ a_")).toBe("batch_size \\_x\\_ a\\_");
  });

  it("neutralises a block marker at the start and keeps everything on one line", () => {
    expect(markdownText("# Title")).toBe("\\# Title");
    expect(markdownText("- item")).toBe("\\- item");
    expect(markdownText("+ item")).toBe("\\+ item");
    expect(markdownText("=== ")).toBe("\\===");
    expect(markdownText("12. item")).toBe("12\\. item");
    expect(markdownText("> quoted")).toBe("&gt; quoted");
    expect(markdownText("one\n# two\r\n\n- three")).toBe("one # two - three");
  });

  it("caps the length with an ellipsis, never splitting a surrogate pair", () => {
    expect(markdownText("abcdef", 4)).toBe("abc…");
    expect(markdownText("ab😀cd", 4)).toBe("ab…");
  });

  it("quotes between double quotes", () => {
    expect(markdownQuote("We used @team's <b>8</b> GPUs")).toBe(
      `"We used @${ZWSP}team's &lt;b&gt;8&lt;/b&gt; GPUs"`,
    );
  });
});

describe("cleanText", () => {
  it("removes terminal escape sequences' control characters and bidi overrides", () => {
    expect(cleanText("\u001b]0;pwned\u0007red\u202Etxt.exe")).toBe("]0;pwnedredtxt.exe");
  });

  it("replaces lone surrogates, collapses every kind of line break and tab", () => {
    expect(cleanText("a\uD800b\u2028c\u0085d\te")).toBe("a\uFFFDb c d e");
  });

  it("keeps lines when asked", () => {
    expect(cleanText("a  \r\nb\u2029c", 100, { multiline: true })).toBe("a\nb\nc");
  });
});

describe("plainText", () => {
  it("breaks mentions and links without Markdown escapes (GitHub shows it as text)", () => {
    expect(plainText("epochs: @octocat says *3* <b> https://x")).toBe(
      `epochs: @${ZWSP}octocat says *3* <b> https:${ZWSP}//x`,
    );
  });
});

describe("plainText's bound", () => {
  it("holds after the zero-width spaces are added (GitHub refuses a longer title)", () => {
    const title = plainText("@a https://x ".repeat(100), 255);
    expect(title).toHaveLength(255);
    expect(title.endsWith("…")).toBe(true);
  });
});

describe("codeSpan", () => {
  it("uses a fence longer than any backtick run inside, padded when the value starts or ends with one", () => {
    expect(codeSpan("train.py")).toBe("`train.py`");
    expect(codeSpan("a`b")).toBe("``a`b``");
    expect(codeSpan("```x``")).toBe("```` ```x`` ````");
    expect(codeSpan("`")).toBe("`` ` ``");
  });

  it("keeps the span on one line and escapes pipes only inside a table", () => {
    expect(codeSpan("a\n\nb|c")).toBe("`a b|c`");
    expect(codeSpan("a|b", { inTable: true })).toBe("`a\\|b`");
  });

  it("shows an empty value as (empty) rather than an empty span", () => {
    expect(codeSpan("")).toBe("(empty)");
  });
});

describe("fencedBlock", () => {
  it("picks a fence no line inside can close", () => {
    expect(fencedBlock("a\n```\n</details>", "yaml")).toBe("````yaml\na\n```\n</details>\n````");
    expect(fencedBlock("plain", "text")).toBe("```text\nplain\n```");
    expect(fencedBlock("~~~~\n`````", "")).toBe("``````\n~~~~\n`````\n``````");
  });

  it("keeps the info string a single word", () => {
    expect(fencedBlock("x", "ya ml`")).toBe("```yaml\nx\n```");
  });
});

describe("commitReference", () => {
  it("lets GitHub link a valid repository's commit", () => {
    expect(commitReference("octo/paper", "abc123")).toBe("octo/paper@abc123");
  });

  it("shows anything else as code", () => {
    expect(commitReference("octo/paper-", "abc123")).toBe("`octo/paper-@abc123`");
    expect(commitReference("octo/paper", "<img>")).toBe("`octo/paper@<img>`");
  });
});

describe("truncateMarkdown", () => {
  it("returns text that fits unchanged", () => {
    expect(truncateMarkdown("short", 10, "…")).toBe("short");
  });

  it("cuts at a line start and closes an open fence and every open <details>", () => {
    const text = [
      "<details><summary>a</summary>",
      "",
      "```text",
      "line one",
      "line two",
      "line three",
      "```",
      "",
      "</details>",
    ].join("\n");
    const cut = truncateMarkdown(text, 70, "\n…");
    expect(cut).toBe("<details><summary>a</summary>\n\n```text\nline one\n```\n\n</details>\n…");
    expect(cut.length).toBeLessThanOrEqual(70);
  });

  it("does not count a fence or <details> inside a code block or a code span at a line start", () => {
    const text = ["````", "```", "<details>", "````", "``` x``` y", "<details>", "z".repeat(50)].join("\n");
    expect(truncateMarkdown(text, 60, "\n…")).toBe(
      ["````", "```", "<details>", "````", "``` x``` y", "<details>", "", "</details>\n…"].join("\n"),
    );
  });

  it("keeps only the note when not even the first line fits", () => {
    expect(truncateMarkdown("x".repeat(100), 10, "(cut)")).toBe("(cut)");
  });
});
