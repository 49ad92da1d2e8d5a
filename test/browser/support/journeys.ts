import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../../support/test-app';
import { Journey, launchChromium } from './browser';

/**
 * A journey's set-up and tear-down, registered in the calling describe block: the real server on a
 * fresh database, Chromium, one browser context; signed in first when `signedInAs` names a demo user.
 */
export function journeyAgainstTestApp(name: string, options: { context?: BrowserContextOptions; signedInAs?: string } = {}): { testApp: TestApp; journey: Journey } {
  const state = {} as { testApp: TestApp; browser: Browser; journey: Journey };
  beforeAll(async () => {
    state.testApp = await startTestApp();
    state.browser = await launchChromium();
    state.journey = await Journey.start(state.browser, name, options.context);
    if (options.signedInAs) {
      await state.journey.page.goto(`${state.testApp.baseUrl}/`);
      await signInAs(state.journey.page, options.signedInAs);
    }
  });
  afterAll(async () => {
    await state.journey?.close();
    await state.browser?.close();
    await state.testApp?.close();
  });
  return state;
}

/** Signs in on the development provider's page by choosing the demo user's button, as a person would. */
export async function signInAs(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/idp/'));
}

/**
 * Clicks a link or a form's button and waits until the page it leads to has loaded. Playwright's
 * click returns once the click is dispatched, so a check straight after it may still read the page
 * being left (a form post that answers on the same address included).
 */
export async function follow(page: Page, target: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('framenavigated'), target.click()]);
  await page.waitForLoadState();
}

/** Ends the browser's session as the idle timeout does: the store's expiry passes. */
export async function expireSessions(testApp: TestApp): Promise<void> {
  await testApp.ownerQuery(`UPDATE http_sessions SET expire = now() - interval '1 second'`);
}

/** The text of a table's body rows, cell by cell, as a reader sees it (locators only: it works with JavaScript off). */
export async function tableRows(page: Page, caption: string): Promise<string[][]> {
  const rows = page.locator('table', { has: page.locator('caption', { hasText: caption }) }).locator('tbody tr');
  const texts: string[][] = [];
  for (let index = 0; index < (await rows.count()); index += 1) {
    texts.push((await rows.nth(index).locator('th, td').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim()));
  }
  return texts;
}
