/**
 * The survey report in a real browser: headless Chromium (Debian's `chromium` package) opens the file with no
 * network, the plots are there, nothing logs an error or fails to load, and the papers table sorts on click.
 * Saves a screenshot: docs/survey-report.png with SAVE_SCREENSHOT=1 (the README's), else a temporary folder.
 *
 * Without Chromium the test is skipped with a message, except in CI (`CI` set, as .ci/run does), where it fails.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { renderSurveyReport } from "../../src/survey/report/index.js";
import { fixturePapers, fixtureSummary, HOSTILE_TITLE } from "./report-fixture.js";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
const executable = CANDIDATES.find((candidate): candidate is string => !!candidate && existsSync(candidate));
const inCi = !!process.env.CI;

if (!executable && !inCi)
  console.warn(
    "report-browser.test.ts skipped: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH). In CI it fails instead.",
  );

(executable || inCi ? describe : describe.skip)("the survey report in headless Chromium", () => {
  let dir: string;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const failedRequests: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    if (!executable)
      throw new Error("Chromium is required in CI: apt-get install chromium (or set CHROMIUM_PATH).");
    dir = mkdtempSync(path.join(tmpdir(), "survey-report-"));
    const papers = fixturePapers();
    const file = path.join(dir, "report.html");
    writeFileSync(file, await renderSurveyReport(fixtureSummary(papers), papers));
    browser = await chromium.launch({ executablePath: executable, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    page.on("request", (request) => requests.push(request.url()));
    page.on("requestfailed", (request) => failedRequests.push(request.url()));
    page.on("dialog", async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const count = (selector: string) => page.locator(selector).count();

  it("renders every plot with its marks", async () => {
    for (const chart of ["disclosure", "disclosure-by-year", "disclosure-by-venue"]) {
      expect(await count(`[data-chart="${chart}"] svg .mark-symbol path`)).toBeGreaterThan(0);
      expect(await count(`[data-chart="${chart}"] svg .mark-rule line`)).toBeGreaterThan(0);
    }
    // Six fields with a rate each; five papers with an estimate each.
    expect(await count(`[data-chart="disclosure"] svg .mark-symbol path`)).toBe(6);
    expect(await count(`[data-chart="energy"] svg .mark-symbol path`)).toBe(5);
    expect(await count(`[data-chart="co2e"] svg .mark-symbol path`)).toBe(5);
    expect(await count(`[data-chart="hardware"] svg .mark-rect path`)).toBe(4);
    const box = await page.locator(`[data-chart="co2e"] svg`).boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.height).toBeGreaterThan(150);
  });

  it("loads nothing but the file, logs no error and runs no paper's script", async () => {
    expect(consoleErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^file:\/\/.*report\.html$/);
    expect(dialogs).toEqual([]);
    expect(await page.locator("#papers tbody td", { hasText: HOSTILE_TITLE }).count()).toBe(1);
  });

  it("sorts the papers table by the clicked column, again to reverse, empty cells last", async () => {
    const ids = () => page.locator("#papers tbody tr td:first-child").allTextContents();
    const header = (title: string) => page.locator("#papers thead th", { hasText: title }).locator("button");

    await header("kgCO2e").click();
    const ascending = await ids();
    expect(ascending.slice(0, 5)).toEqual(["p02", "p04", "p08", "p10", "hostile/<b>id</b>"]);
    expect(await page.locator("#papers thead th", { hasText: "kgCO2e" }).getAttribute("aria-sort")).toBe(
      "ascending",
    );

    await header("kgCO2e").click();
    const descending = await ids();
    expect(descending.slice(0, 5)).toEqual(["hostile/<b>id</b>", "p10", "p08", "p04", "p02"]);
    expect(new Set(descending.slice(5))).toEqual(new Set(ascending.slice(5)));

    await header("title").click();
    const titles = await page.locator("#papers tbody tr td:nth-child(2)").allTextContents();
    const nonEmpty = titles.filter((t) => t !== "");
    expect(nonEmpty).toEqual([...nonEmpty].sort((a, b) => a.localeCompare(b)));
    expect(titles[titles.length - 1]).toBe("");
  });

  it("saves a screenshot", async () => {
    const target = process.env.SAVE_SCREENSHOT
      ? path.resolve("docs/survey-report.png")
      : path.join(dir, "survey-report.png");
    await page.locator("#disclosure").scrollIntoViewIfNeeded();
    await page.screenshot({ path: target, fullPage: true });
    expect(existsSync(target)).toBe(true);
  });
});
