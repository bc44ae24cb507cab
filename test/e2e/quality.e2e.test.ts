import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shots, signIn, useDemoNodeInBrowser } from '../support/demo-browser.js';

const h1 = (page: Page): Promise<string> => page.getByRole('heading', { level: 1 }).innerText();
const mainNav = (page: Page): Locator => page.getByRole('navigation', { name: 'Main' });

describe('the data quality dashboard in a real browser', () => {
  const { open } = useDemoNodeInBrowser();

  it('a data holder opens the dashboard of its dataset and sees the failing checks with their counts', async () => {
    const { page, url } = await open();
    await page.goto(url);
    await signIn(page, 'lab');
    await mainNav(page).getByRole('link', { name: 'Data quality' }).click();
    await expect.poll(() => h1(page)).toBe('Data quality');
    // Only the laboratory's own dataset is listed.
    const list = page.getByRole('region', { name: 'Datasets and their data quality' });
    await expect.poll(() => list.getByRole('row').count()).toBe(2);
    await list.getByRole('link', { name: 'Central Clinical Laboratory results' }).click();
    await expect.poll(() => h1(page)).toBe('Data quality: Central Clinical Laboratory results');

    // The demo's deliveries are checked once they are all in; the page follows a run still going.
    const failing = page.getByRole('heading', { level: 2, name: /^Failing checks \(\d+\)$/ });
    await expect.poll(() => failing.count(), { timeout: 90_000 }).toBe(1);
    expect(Number(/\((\d+)\)/.exec(await failing.innerText())?.[1])).toBeGreaterThan(0);
    const table = page.getByRole('region', {
      name: 'Checks that failed or could not run, with their counts',
    });
    const rows = table.getByRole('row');
    expect(await rows.count()).toBeGreaterThan(1);
    // Each failing check says where, how many rows violate it, of how many, and what is allowed.
    const first = await rows.nth(1).innerText();
    expect(first).toMatch(/[a-z_]+\.[a-z_]+/);
    expect(first).toMatch(/\d[\d,]*\s+\d[\d,]*\s+[\d.]+%\s+[\d.]+%/);

    // The label, why it is what it is, and what would raise it.
    await expect
      .poll(() => page.getByRole('heading', { level: 2, name: /^EHDS quality and utility label/ }).count())
      .toBe(1);
    const elements = page.getByRole('region', { name: 'The elements of the label (Article 78)' });
    expect(await elements.innerText()).toContain('Technical quality');
    // Outliers are marked on the value distributions; the report downloads as HTML.
    await expect
      .poll(() => page.getByRole('heading', { level: 2, name: 'Value distributions' }).count())
      .toBe(1);
    const report = page.getByRole('link', { name: 'Report (HTML)' });
    const href = (await report.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/api\/quality\/runs\/[0-9a-f-]{36}\/report\.html$/);
    const status = await page.evaluate(async (u) => (await fetch(u)).status, href);
    expect(status).toBe(200);
    await page.screenshot({ path: `${shots}/quality-dashboard.png`, fullPage: true });
    await page.close();
  });
});
