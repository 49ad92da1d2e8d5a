import type { Page } from 'playwright-core';
import { TestApp } from '../../support/test-app';

/** Signs in on the development provider's page by choosing the demo user's button, as a person would. */
export async function signInAs(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/idp/'));
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
