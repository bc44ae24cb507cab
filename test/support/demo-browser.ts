import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.js';
import { startNodeProcess, type NodeProcess } from './node-process.js';

export const shots = '.tmp/screenshots';

/** Signs a demo account in through the app's button and the embedded OpenID provider's own page. */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * For a browser test file: the demo node started as `salus start` starts it, and Debian's Chromium, both
 * stopped after the file. `open()` gives a new page and the node's URL.
 */
export function useDemoNodeInBrowser(): { open: () => Promise<{ page: Page; url: string }> } {
  let node: NodeProcess | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    node = await startNodeProcess();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await node?.stop();
  });
  return {
    open: async () => {
      if (browser === undefined || node === undefined)
        throw new Error('the node or the browser did not start');
      return { page: await browser.newPage(), url: node.url };
    },
  };
}
