import { describe, expect, it } from "@jest/globals";
import { csvCell, venueCsv } from "../../../src/doors/review-platform/report.js";
import type { SubmissionRecord } from "../../../src/doors/review-platform/store/submission-store.js";

function record(overrides: Partial<SubmissionRecord>): SubmissionRecord {
  return {
    id: "sub_1",
    venue: "Demo.cc/2026/Conference",
    submissionId: "1234",
    version: 1,
    title: "Sparse Widgets",
    platform: null,
    repository: "octo/paper",
    paper: null,
    callbackUrl: null,
    contentHash: "h",
    status: "completed",
    statusReason: null,
    runs: 1,
    reportJson: null,
    verdict: "incomplete",
    co2eCentralKg: 12.345,
    callbackStatus: "none",
    callbackAttempts: 0,
    callbackError: null,
    receivedAt: 0,
    updatedAt: Date.UTC(2026, 4, 1),
    ...overrides,
  };
}

describe("a CSV cell", () => {
  it.each([
    ["=1+1", "'=1+1"],
    [" =1+1", "' =1+1"],
    ["\u3000=1+1", "'\u3000=1+1"],
    ["＝1+1", "'＝1+1"],
    ["＋1", "'＋1"],
    ["－1", "'－1"],
    ["＠SUM(A1)", "'＠SUM(A1)"],
    ["-2+3", "'-2+3"],
    ["+2", "'+2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", '"\'\t=1"'],
    ["\tplain", '"\'\tplain"'],
    ["\r=1", '"\'\r=1"'],
    ["\n\n=1", '"\'\n\n=1"'],
    ["\u0000x", "'\u0000x"],
  ])("defuses %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("leaves ordinary text alone and quotes what RFC 4180 and semicolon locales need", () => {
    expect(csvCell("Sparse Widgets")).toBe("Sparse Widgets");
    expect(csvCell("a-b=c")).toBe("a-b=c");
    expect(csvCell('Widgets, "quoted"')).toBe('"Widgets, ""quoted"""');
    expect(csvCell("a;=HYPERLINK(x)")).toBe('"a;=HYPERLINK(x)"');
    expect(csvCell('=cmd|" /C calc"!A0')).toBe('"\'=cmd|"" /C calc""!A0"');
  });

  it("writes the numbers we compute as numbers, negative ones too, and nothing for a non-number", () => {
    expect(csvCell(-2)).toBe("-2");
    expect(csvCell(12.35)).toBe("12.35");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(null)).toBe("");
  });
});

describe("the venue CSV", () => {
  it("defuses formula-looking titles, repositories and ids, and keeps its numbers", () => {
    const csv = venueCsv([
      record({ submissionId: "@id", title: ' =HYPERLINK("http://x")', repository: "＝1+1" }),
    ]);
    const [header, row] = csv.split("\r\n");
    expect(header).toBe("id,version,title,repository,status,verdict,co2e_kg_central,updated_at");
    expect(row).toBe(
      `'@id,1,"' =HYPERLINK(""http://x"")",'＝1+1,completed,incomplete,12.35,2026-05-01T00:00:00.000Z`,
    );
  });
});
