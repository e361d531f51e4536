// Headless Chromium from Debian's package (`/usr/bin/chromium`; .ci/run installs it), driven by
// playwright-core, with background networking off and a fresh profile per launch. Screenshots go
// to test-artifacts/ (git-ignored) for a person to look at.

import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";
export const ARTIFACTS_DIR = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));
/** Waits in the browser are for conditions; this only bounds them on a loaded machine. */
export const BROWSER_WAIT_MS = 30_000;

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "scanwright-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1200, height: 800 },
    timeout: 60_000,
  });
  context.setDefaultTimeout(BROWSER_WAIT_MS);
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A new page that records console errors and uncaught exceptions into `problems`. */
export async function watchedPage(browser: Browser, problems: string[]): Promise<Page> {
  const page = await browser.context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  return page;
}

/** Saves a screenshot as test-artifacts/FOLDER/NAME.png. */
export async function screenshot(page: Page, folder: string, name: string): Promise<void> {
  mkdirSync(join(ARTIFACTS_DIR, folder), { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, folder, `${name}.png`) });
}
