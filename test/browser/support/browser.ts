/// <reference lib="dom" />
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { Browser, BrowserContext, BrowserContextOptions, chromium, Page } from 'playwright-core';

/** Debian's chromium package; .ci/run installs it on a fresh machine. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Without the networking flags Chromium keeps trying hosts this machine cannot reach. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export const SCREENSHOTS = path.join(__dirname, '..', 'screenshots');

/** Fails, never skips, when Chromium is missing: the message says how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM_PATH}, and it is not there. Install Debian's package as root ` +
        '(`apt-get install -y chromium`, as .ci/run does on a machine without it), or point CHROMIUM_PATH at a Chromium.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** The WCAG 2.x A and AA rules (2.0, 2.1 and 2.2). */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core's own script, run in the page through the DevTools protocol (which the page's
 * Content-Security-Policy does not govern, so the policy under test stays as strict as served).
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const { axe } = window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } };
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return results.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.map((node) => node.target.join(' ')) }));
  }, WCAG_TAGS);
}

/**
 * One journey through the pages in one browser context: every page visited is checked with axe
 * and screenshotted into test/browser/screenshots, and anything the Content-Security-Policy
 * blocked (or any other console error) fails the journey.
 */
export class Journey {
  private step = 0;
  private readonly consoleErrors: string[] = [];

  private constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
    /** With JavaScript off in the journey's own pages, axe and measurements run on a copy of each page in a context that has it. */
    private readonly inspector: Page | null,
  ) {
    page.on('console', (message) => {
      // An error page's own status (a 404, the 401 of an ended session) is what it means to say, not a fault.
      const documentStatus = message.location().url === page.url() && message.text().startsWith('Failed to load resource');
      if (message.type() === 'error' && !documentStatus) this.consoleErrors.push(`${page.url()}: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => this.consoleErrors.push(`${page.url()}: ${error.message}`));
  }

  static async start(browser: Browser, name: string, options: BrowserContextOptions = {}): Promise<Journey> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const file of readdirSync(SCREENSHOTS).filter((file) => file.startsWith(`${name}-`))) rmSync(path.join(SCREENSHOTS, file));
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, ...options });
    const inspector = options.javaScriptEnabled === false ? await (await browser.newContext()).newPage() : null;
    return new Journey(name, context, await context.newPage(), inspector);
  }

  /** Checks the page as it stands and keeps a picture of it. */
  async check(stepName: string, options: { fullPage?: boolean } = {}): Promise<void> {
    this.step += 1;
    await this.page.screenshot({ path: path.join(SCREENSHOTS, `${this.name}-${String(this.step).padStart(2, '0')}-${stepName}.png`), fullPage: options.fullPage ?? true });
    const violations = await axeViolations(await this.inspectable());
    expect({ page: this.page.url(), step: stepName, violations }).toEqual({ page: this.page.url(), step: stepName, violations: [] });
    // Every form carries the session's token: a form without one would fail, so it must not be rendered.
    const formsWithoutToken = await this.page.locator('form[method="post"]:not(:has(input[name="_csrf"]))').count();
    const onProvider = new URL(this.page.url()).pathname.startsWith('/idp/');
    if (!onProvider) expect({ step: stepName, formsWithoutToken }).toEqual({ step: stepName, formsWithoutToken: 0 });
    // A form that posts changes something: its button ignores a second click while the first is on its way (govuk-frontend's preventDoubleClick).
    const buttonsTakingTwoClicks = await this.page.locator('form[method="post"] button:not([type="button"]):not([data-prevent-double-click="true"])').count();
    if (!onProvider) expect({ step: stepName, buttonsTakingTwoClicks }).toEqual({ step: stepName, buttonsTakingTwoClicks: 0 });
    this.expectNoConsoleErrors(stepName);
  }

  /** The page fits the viewport's width: nothing scrolls sideways. */
  async expectNoSidewaysScroll(): Promise<void> {
    const { scrollWidth, width } = await (await this.inspectable()).evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(width);
  }

  expectNoConsoleErrors(stepName: string): void {
    // The browser asks for /favicon.ico of its own accord on pages that name no icon (the provider's error pages).
    const errors = this.consoleErrors.splice(0).filter((error) => !error.includes('favicon.ico'));
    expect({ step: stepName, errors }).toEqual({ step: stepName, errors: [] });
  }

  async close(): Promise<void> {
    await this.context.close();
    await this.inspector?.context().close();
  }

  /** The page itself, or (JavaScript off) the same document at the same address and size in the inspector, its stylesheet loaded from the server. */
  private async inspectable(): Promise<Page> {
    if (!this.inspector) return this.page;
    const url = this.page.url();
    const html = await this.page.content();
    await this.inspector.setViewportSize(this.page.viewportSize()!);
    await this.inspector.unrouteAll();
    await this.inspector.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await this.inspector.goto(url);
    return this.inspector;
  }
}
