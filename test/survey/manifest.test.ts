import { describe, expect, it } from "@jest/globals";
import { parseCsvRows, parseManifest } from "../../src/survey/manifest.js";

describe("survey manifest", () => {
  it("reads CSV with quoted commas, doubled quotes, line breaks in a field and CRLF endings", () => {
    const csv =
      "id,title,venue,year,paper,repo\r\n" +
      'p1,"Attention, Again","NeurIPS",2023,papers/p1.pdf,repos/p1\r\n' +
      'p2,"The ""Big"" Model",ICML,,papers/p2.tex,\r\n' +
      'p3,"Two\nlines",,2021,papers/p3.pdf,\r\n';
    expect(parseManifest(csv, "m.csv")).toEqual([
      {
        line: 2,
        id: "p1",
        title: "Attention, Again",
        venue: "NeurIPS",
        year: 2023,
        paper: "papers/p1.pdf",
        repo: "repos/p1",
      },
      {
        line: 3,
        id: "p2",
        title: 'The "Big" Model',
        venue: "ICML",
        year: null,
        paper: "papers/p2.tex",
        repo: null,
      },
      { line: 4, id: "p3", title: "Two\nlines", venue: null, year: 2021, paper: "papers/p3.pdf", repo: null },
    ]);
  });

  it("takes the columns in any order, only paper required, and skips blank lines", () => {
    expect(parseManifest("paper,venue\n\na.pdf,ACL\n", "m.csv")).toEqual([
      { line: 3, id: null, title: null, venue: "ACL", year: null, paper: "a.pdf", repo: null },
    ]);
  });

  it("reads JSON Lines, by name or by its first character", () => {
    const jsonl = '{"id":"x","paper":"x.pdf","year":2024,"venue":"ICLR"}\n\n{"paper":"y.pdf","title":"Y"}\n';
    const expected = [
      { line: 1, id: "x", title: null, venue: "ICLR", year: 2024, paper: "x.pdf", repo: null },
      { line: 3, id: null, title: "Y", venue: null, year: null, paper: "y.pdf", repo: null },
    ];
    expect(parseManifest(jsonl, "m.jsonl")).toEqual(expected);
    expect(parseManifest(jsonl, "manifest.txt")).toEqual(expected);
  });

  it("names the file and line of each bad line", () => {
    expect(() => parseManifest('{"paper":"a.pdf"}\n{"paper": oops}\n', "m.jsonl")).toThrow(
      /^m\.jsonl:2: not JSON/,
    );
    expect(() => parseManifest('{"paper":"a.pdf","pages":3}\n', "m.jsonl")).toThrow(
      "m.jsonl:1: unknown key pages (keys: id, title, venue, year, paper, repo)",
    );
    expect(() => parseManifest("[1,2]\n", "m.jsonl")).toThrow("m.jsonl:1: each line must be one JSON object");
    expect(() => parseManifest("id,paper\na,a.pdf\nb\n", "m.csv")).toThrow(
      "m.csv:3: 1 fields where the header has 2",
    );
    expect(() => parseManifest("id,paper,year\na,a.pdf,twenty\n", "m.csv")).toThrow(
      'm.csv:2: year must be a year such as 2023, not "twenty"',
    );
    expect(() => parseManifest("id,paper\na,\n", "m.csv")).toThrow("m.csv:2: no paper path (column paper)");
    expect(() => parseManifest("id,pdf\n", "m.csv")).toThrow("m.csv:1: unknown column pdf");
    expect(() => parseManifest("id,paper\na,a.pdf\na,b.pdf\n", "m.csv")).toThrow(
      "m.csv:3: id a is already used on line 2",
    );
    expect(() => parseManifest('id,paper\na,"a.pdf\n', "m.csv")).toThrow(
      "m.csv:2: a quoted field is never closed",
    );
    expect(() => parseManifest('id,paper\na,x"y.pdf\n', "m.csv")).toThrow(
      "m.csv:2: a quote inside an unquoted field",
    );
    expect(() => parseManifest("", "m.csv")).toThrow("m.csv:1: empty manifest: no header row");
  });

  it("counts lines inside quoted fields so that later errors point at the right line", () => {
    expect(parseCsvRows('a,"x\ny"\nb,c\n', "m.csv").map((r) => r.line)).toEqual([1, 3]);
    expect(() => parseManifest('id,title,paper\na,"t\nt",a.pdf\nb,t\n', "m.csv")).toThrow("m.csv:4:");
  });
});
