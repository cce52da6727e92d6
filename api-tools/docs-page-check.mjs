// The docs page in a real browser: Debian's Chromium, headless, driven by playwright-core.
// Opens the page a running service serves, checks that it lists every route of the service's
// OpenAPI document, executes GET /api/courses with "Try it out" and sees a 200, and saves a
// screenshot. Any request to another origin (a CDN, the online validator) fails the check. When
// the page's URL carries a key (?apikey=, as through Kong), every request the page makes must
// carry it too: its files as ?apikey=, the documents and "Try it out" as X-API-KEY.
//
// Usage: node docs-page-check.mjs <page-url> <screenshot.png> <routes.json>
//   routes.json: ["GET /api/courses", ...], the document's routes.
// Exit 0 when every check holds; 1, naming what failed, otherwise. CHROMIUM overrides the
// browser's path (default /usr/bin/chromium).
import { chromium } from "playwright-core";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [pageUrl, screenshot, routesFile] = process.argv.slice(2);
const expected = new Set(JSON.parse(readFileSync(routesFile, "utf8")));
const origin = new URL(pageUrl).origin;
const key = new URL(pageUrl).searchParams.get("apikey");
const profile = mkdtempSync(join(tmpdir(), "nis-docs-chromium-"));
const failures = [];
const foreign = [];

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(30_000);
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(origin + "/") && !url.startsWith("data:")) {
      foreign.push(url);
    } else if (key && url.startsWith(origin + "/")) {
      const sent = new URL(url).searchParams.get("apikey") || request.headers()["x-api-key"];
      if (sent !== key) failures.push("a request without the page's key: " + url);
    }
  });
  page.on("pageerror", (error) => failures.push("page error: " + error.message));

  await page.goto(pageUrl);
  await page.waitForSelector(".opblock", { state: "attached" });
  const listed = await page.$$eval(".opblock", (blocks) =>
    blocks.map((block) => {
      const method = block.querySelector(".opblock-summary-method").textContent.trim();
      const path = block.querySelector(".opblock-summary-path").getAttribute("data-path");
      return method.toUpperCase() + " " + path;
    })
  );
  const shown = new Set(listed);
  for (const route of expected) {
    if (!shown.has(route)) failures.push("the page does not list " + route);
  }
  for (const route of shown) {
    if (!expected.has(route)) failures.push("the page lists " + route + ", a route the document lacks");
  }
  console.log(`docs page: ${shown.size} routes listed, ${expected.size} in the document`);

  // GET /api/courses: open it, "Try it out", "Execute", read the live response's status
  const list = page.locator("#operations-Courses-listCourses");
  await list.locator(".opblock-summary").first().click();
  await list.locator("button.try-out__btn").click();
  await list.locator("button.execute").click();
  const status = list.locator(".live-responses-table .response .response-col_status").first();
  await status.waitFor();
  const code = (await status.textContent()).trim();
  console.log("docs page: GET /api/courses executed from the page answered " + code);
  if (!code.startsWith("200")) failures.push("GET /api/courses from the page answered " + code);

  await page.screenshot({ path: screenshot, fullPage: true });
  console.log("docs page: screenshot " + screenshot);
} catch (error) {
  failures.push(String(error && error.stack ? error.stack : error));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
for (const url of foreign) failures.push("the page asked another origin: " + url);
if (failures.length > 0) {
  console.error("docs page check failed:\n  " + failures.join("\n  "));
  process.exit(1);
}
console.log("docs page check: passed");
