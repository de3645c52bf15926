import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startApp, TestApp } from './app';

/**
 * Browser tests: Debian's Chromium (with fonts-noto-cjk, so Japanese renders), driven by
 * playwright-core; nothing is downloaded. Shared by the public pages' and the dashboard's
 * suites: the app on a free port, a context per kind of visitor, the axe check, the
 * screenshots a reviewer looks at (test/artifacts/, git-ignored).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '..', 'artifacts');
export const PHONE_WIDTH = 375;
export const DESKTOP_WIDTH = 1280;

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The app listening on a free loopback port, and its base URL. */
export async function serveApp(): Promise<{ t: TestApp; baseURL: string }> {
  const t = await startApp();
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.http.address() as AddressInfo;
  return { t, baseURL: `http://127.0.0.1:${port}` };
}

export interface Visitor {
  context: BrowserContext;
  page: Page;
  /** What the page refused or failed at: CSP violations, script errors, dialogs (an alert() would be an injection). */
  problems: string[];
}

/**
 * A visitor on a phone (375 px) unless told otherwise. Every console error (a CSP refusal is
 * one), page error, dialog and failed load of a page's resource (its style sheet) is
 * collected in `problems`, for the test to expect none.
 */
export async function newVisitor(browser: Browser, baseURL: string, options: { width?: number; javaScriptEnabled?: boolean } = {}): Promise<Visitor> {
  const width = options.width ?? PHONE_WIDTH;
  const context = await browser.newContext({
    baseURL,
    viewport: { width, height: width === PHONE_WIDTH ? 740 : 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  });
  // Server-rendered pages are there once loaded: an element not found soon is not coming.
  context.setDefaultTimeout(5000);
  const page = await context.newPage();
  const problems: string[] = [];
  // A failed load is reported from its response instead: an error page's own status is the test's to check.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && response.request().resourceType() !== 'document') problems.push(`${response.status()} for ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { context, page, problems };
}

/** Loads a path and expects an HTML page with that status (200 unless told). */
export async function visit(page: Page, path: string, status = 200): Promise<void> {
  const response = await page.goto(path, { waitUntil: 'load' });
  if (!response) throw new Error(`no response for ${path}`);
  expect({ path, status: response.status(), type: response.headers()['content-type'] }).toEqual({ path, status, type: 'text/html; charset=utf-8' });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core on the page as it is, evaluated through the DevTools protocol (not a script
 * tag, which the pages' CSP refuses, as it should): no serious or critical violation.
 */
export async function expectAccessible(page: Page): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  // A string, run in the page (the test's TypeScript has no DOM types).
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((result) =>
    result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) })))`)) as AxeViolation[];
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect({ url: page.url(), serious }).toEqual({ url: page.url(), serious: [] });
}

/** Nothing wider than the viewport: no horizontal scrolling on a phone. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, width } = (await page.evaluate('({ scrollWidth: document.scrollingElement.scrollWidth, width: window.innerWidth })')) as { scrollWidth: number; width: number };
  expect(scrollWidth).toBeLessThanOrEqual(width);
}

/** Full-page screenshots of the page at phone and desktop widths: test/artifacts/{name}-{width}.png. */
export async function screenshots(page: Page, name: string): Promise<string[]> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const original = page.viewportSize();
  const paths: string[] = [];
  for (const width of [PHONE_WIDTH, DESKTOP_WIDTH]) {
    await page.setViewportSize({ width, height: 900 });
    const path = join(ARTIFACTS, `${name}-${width}.png`);
    await page.screenshot({ path, fullPage: true });
    paths.push(path);
  }
  if (original) await page.setViewportSize(original);
  return paths;
}

/** The text of the one element a locator finds (waiting for it), spaces at the ends trimmed. */
export async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

/** Signs in through the form, as a person would (the token pasted, the button pressed), and waits for the page it leads to. */
export async function signIn(page: Page, token: string): Promise<void> {
  await visit(page, '/signin');
  await page.fill('input[name=token]', token);
  await Promise.all([page.waitForURL((url) => url.pathname.startsWith('/dashboard')), page.click('form.signin button')]);
}
