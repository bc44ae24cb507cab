import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoCitizens } from '../../src/modules/deliveries/index.js';
import { shots, useDemoNodeInBrowser } from '../support/demo-browser.js';

const h1 = (page: Page): Promise<string> => page.getByRole('heading', { level: 1 }).innerText();
const main = (page: Page): Promise<string> => page.locator('main').innerText();

describe('a citizen’s own opt-out in a real browser', () => {
  const { open } = useDemoNodeInBrowser();

  it('a citizen signs in with their national identifier, opts out with a receipt, opts back in, and signs out', async () => {
    const { page, url } = await open();
    await page.goto(url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My opt-out' }).click();
    await expect.poll(() => h1(page)).toBe('Your choice on the secondary use of your health data');
    await page.getByRole('link', { name: 'Sign in with national eID' }).click();

    // The embedded provider stands in for the national eID: its demo citizens carry a synthetic identifier.
    await page.getByLabel('Username').fill('citizen1');
    await page.getByLabel('Password').fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByTestId('opt-out-status').innerText())
      .toContain('You have not opted out.');
    expect(page.url()).toBe(`${url}/opt-out`);

    await page.getByRole('button', { name: 'Opt out' }).click();
    const receipt = page.getByRole('status', { name: 'Receipt' });
    await expect.poll(() => receipt.innerText()).toContain('You opted out.');
    const number = await page.getByTestId('receipt-number').innerText();
    expect(number).toMatch(/^[0-9A-F]{20}$/);
    await expect
      .poll(() => page.getByTestId('opt-out-status').innerText())
      .toContain('You have opted out since');
    await page.screenshot({ path: `${shots}/citizen-opted-out.png`, fullPage: true });
    // The page shows the time and the receipt number, never the identifier it was signed in with.
    expect(await main(page)).not.toContain(demoCitizens[0]?.nationalId ?? '-');

    await page.reload();
    await expect
      .poll(() => page.getByTestId('opt-out-status').innerText())
      .toContain('You have opted out since');
    await page.getByRole('button', { name: 'Opt back in' }).click();
    await expect.poll(() => receipt.innerText()).toContain('You opted back in.');
    expect(await page.getByTestId('receipt-number').innerText()).not.toBe(number);
    await expect
      .poll(() => page.getByTestId('opt-out-status').innerText())
      .toContain('You have not opted out.');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Sign in with national eID' }).count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/opt-out');
    const status = await page.evaluate(async () => (await fetch('/api/citizen/opt-out')).status);
    expect(status).toBe(401);
    await page.close();
  });
});
