import { afterEach, describe, expect, it } from "@jest/globals";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { collectSurveyJobs, findPapers } from "../../src/survey/inputs.js";
import { writeSurveyFixture, type SurveyFixture } from "./papers.js";

let fixture: SurveyFixture;
afterEach(() => rmSync(fixture.root, { recursive: true, force: true }));

describe("survey inputs", () => {
  it("finds every PDF and every LaTeX main file below a folder, skipping included .tex, links and hidden folders", () => {
    fixture = writeSurveyFixture();
    mkdirSync(path.join(fixture.papers, ".git"));
    writeFileSync(path.join(fixture.papers, ".git/hidden.pdf"), "%PDF-1.4");
    symlinkSync(path.join(fixture.papers, "small-labs.pdf"), path.join(fixture.papers, "linked.pdf"));
    symlinkSync(fixture.root, path.join(fixture.papers, "loop"));
    writeFileSync(path.join(fixture.papers, "commented.tex"), "% \\documentclass{article}\nText.\n");
    expect(findPapers(fixture.papers)).toEqual([
      "broken/corrupt.pdf",
      "dense/paper.tex",
      "silent.tex",
      "small-labs.pdf",
      "sparse/main.tex",
    ]);
  });

  it("makes jobs from folders and files, ids relative to their PATH, each paper once", () => {
    fixture = writeSurveyFixture();
    const single = path.join(fixture.papers, "retrieval.md");
    const jobs = collectSurveyJobs({
      paths: [fixture.papers, single, path.join(fixture.papers, "silent.tex")],
    });
    expect(jobs.map((j) => j.id)).toEqual([
      "broken/corrupt.pdf",
      "dense/paper.tex",
      "silent.tex",
      "small-labs.pdf",
      "sparse/main.tex",
      "retrieval.md",
    ]);
    expect(jobs[1]).toEqual({
      id: "dense/paper.tex",
      path: path.join(fixture.papers, "dense/paper.tex"),
      title: null,
      venue: null,
      year: null,
      repo: null,
    });
  });

  it("resolves a manifest's papers beside it and its repositories under --repos", () => {
    fixture = writeSurveyFixture();
    mkdirSync(path.join(fixture.root, "repos/sparse-code"), { recursive: true });
    const manifest = path.join(fixture.root, "manifest.csv");
    writeFileSync(
      manifest,
      "id,title,venue,year,paper,repo\ns1,Sparse,NeurIPS,2023,papers/sparse/main.tex,sparse-code\n",
    );
    expect(collectSurveyJobs({ paths: [], manifest, repos: path.join(fixture.root, "repos") })).toEqual([
      {
        id: "s1",
        path: path.join(fixture.root, "papers/sparse/main.tex"),
        title: "Sparse",
        venue: "NeurIPS",
        year: 2023,
        repo: path.join(fixture.root, "repos/sparse-code"),
      },
    ]);
  });

  it("refuses manifest paths that lead out of their root, also through a link", () => {
    fixture = writeSurveyFixture();
    const manifest = path.join(fixture.papers, "m.csv");
    writeFileSync(manifest, "paper\n../outside.pdf\n");
    expect(() => collectSurveyJobs({ paths: [], manifest })).toThrow(
      `${manifest}:2: paper ../outside.pdf must be a path inside ${fixture.papers}`,
    );
    writeFileSync(manifest, "paper\n/etc/passwd\n");
    expect(() => collectSurveyJobs({ paths: [], manifest })).toThrow(/must be a path inside/);
    symlinkSync("/etc", path.join(fixture.papers, "etc"));
    writeFileSync(manifest, "paper\netc/hostname\n");
    expect(() => collectSurveyJobs({ paths: [], manifest })).toThrow(/leads out of .* \(a symbolic link\)/);
  });

  it("pairs a paper found in a folder with DIR/<its folder> under --repos", () => {
    fixture = writeSurveyFixture();
    const repos = path.join(fixture.root, "repos");
    mkdirSync(path.join(repos, "sparse"), { recursive: true });
    mkdirSync(path.join(repos, "small-labs"), { recursive: true });
    const jobs = collectSurveyJobs({ paths: [fixture.papers], repos });
    expect(Object.fromEntries(jobs.map((j) => [j.id, j.repo]))).toEqual({
      "broken/corrupt.pdf": null,
      "dense/paper.tex": null,
      "small-labs.pdf": path.join(repos, "small-labs"),
      "sparse/main.tex": path.join(repos, "sparse"),
      "silent.tex": null,
    });
  });

  it("says which PATH is missing or a link", () => {
    fixture = writeSurveyFixture();
    expect(() => collectSurveyJobs({ paths: [path.join(fixture.root, "nope")] })).toThrow(
      /nope: no such file or folder/,
    );
    symlinkSync(fixture.papers, path.join(fixture.root, "link"));
    expect(() => collectSurveyJobs({ paths: [path.join(fixture.root, "link")] })).toThrow(
      /links are never followed/,
    );
  });
});
