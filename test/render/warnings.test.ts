import { warningText } from "../../src/render/warnings.js";

describe("warningText: every warning names its file", () => {
  it("puts the file first", () => {
    expect(
      warningText({ code: "config_unreadable", message: "YAML does not parse", file: "conf/train.yaml" }),
    ).toBe("conf/train.yaml: YAML does not parse");
  });

  it("does not name the file twice when the reader wrote it with its line", () => {
    const warning = {
      code: "latex_input_missing",
      message: "paper/main.tex:12: \\input{x} not found; skipped",
      file: "paper/main.tex",
    };
    expect(warningText(warning)).toBe(warning.message);
  });

  it("names the file the caller knows a warning is about, and leaves a warning about no file as it is", () => {
    expect(warningText({ code: "pdf_page_limit", message: "only 50 pages read" }, "paper.pdf")).toBe(
      "paper.pdf: only 50 pages read",
    );
    expect(warningText({ code: "paper_missing", message: "no paper found in the repository" })).toBe(
      "no paper found in the repository",
    );
  });
});
