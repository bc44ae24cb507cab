import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../../src/modules/synth/index.js';
import { shots, signIn, useDemoNodeInBrowser } from '../support/demo-browser.js';

const h1 = (page: Page): Promise<string> => page.getByRole('heading', { level: 1 }).innerText();
const mainNav = (page: Page): Locator => page.getByRole('navigation', { name: 'Main' });

describe('deliveries in a real browser', () => {
  const { open } = useDemoNodeInBrowser();
  let work: string;
  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'salus-delivery-e2e-'));
    await synthesize({ persons: 40, seed: 4242, outDir: work, holders: ['laboratory'] });
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('a laboratory sends a delivery, watches it load and reads its report; the steward sees the linkage', async () => {
    const { page, url } = await open();
    await page.goto(url);
    await signIn(page, 'lab');
    await mainNav(page).getByRole('link', { name: 'Deliveries' }).click();
    await expect.poll(() => h1(page)).toBe('Deliveries');
    // The demo node's own delivery is listed already.
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Loaded' }).count()).toBeGreaterThan(0);

    // Sending without files says what is missing, on the field.
    await page.getByRole('button', { name: 'Send delivery' }).click();
    await expect.poll(() => page.getByText('Choose the files of the delivery.').isVisible()).toBe(true);

    const folder = path.join(work, 'laboratory');
    const files = readdirSync(folder)
      .filter((f) => f.endsWith('.ndjson'))
      .map((f) => path.join(folder, f));
    await page.getByLabel('Files').setInputFiles(files);
    await page.getByRole('button', { name: 'Send delivery' }).click();
    const done = page.getByText('Delivery loaded into the lake.');
    await expect.poll(() => done.isVisible(), { timeout: 60_000 }).toBe(true);
    const report = page.getByRole('region', { name: 'Rows loaded per lake table' }).first();
    const text = await report.innerText();
    expect(text).toMatch(/measurement\s+[\d,]+/);
    expect(text).toMatch(/person\s+[\d,]+/);
    await page.screenshot({ path: `${shots}/deliveries-loaded.png`, fullPage: true });
    await page.close();

    const steward = await open();
    await steward.page.goto(steward.url);
    await signIn(steward.page, 'steward');
    await mainNav(steward.page).getByRole('link', { name: 'Deliveries' }).click();
    const linkage = steward.page.getByRole('region', {
      name: 'Persons per data holder and per pair of data holders',
    });
    await expect
      .poll(() => linkage.innerText())
      .toMatch(/Riverside University Hospital and Central Clinical Laboratory\s+[\d,]+/);
    await steward.page.screenshot({ path: `${shots}/deliveries-linkage.png`, fullPage: true });
    await steward.page.close();
  });
});
