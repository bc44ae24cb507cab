import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shots, signIn, useDemoNodeInBrowser } from '../support/demo-browser.js';

const navLinks = async (page: Page): Promise<string[]> =>
  (await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts()).map((t) =>
    t.trim(),
  );

describe('the demo node in a real browser', () => {
  const { open } = useDemoNodeInBrowser();

  it('an admin signs in through OpenID Connect, sees the admin navigation, verifies the audit log, and signs out', async () => {
    const { page, url } = await open();
    await page.goto(url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Welcome to Salus');
    expect(await navLinks(page)).toEqual(['Home', 'Catalogue', 'Public register', 'My opt-out']);

    await signIn(page, 'admin');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Welcome, Ada Admin');
    expect(await navLinks(page)).toEqual([
      'Home',
      'Catalogue',
      'Deliveries',
      'Data quality',
      'Workspaces',
      'Public register',
      'My opt-out',
      'API tokens',
      'Users and roles',
      'Organisations',
      'Audit log',
    ]);
    await page.screenshot({ path: `${shots}/admin-home.png`, fullPage: true });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Audit log');
    const table = page.getByRole('table');
    await expect.poll(() => table.innerText()).toContain('auth.login');
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect.poll(() => page.locator('main').innerText()).toMatch(/intact|verified/i);
    await page.screenshot({ path: `${shots}/audit-log.png`, fullPage: true });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Welcome to Salus');
    expect(await navLinks(page)).toEqual(['Home', 'Catalogue', 'Public register', 'My opt-out']);
    const me = await page.evaluate(async () => (await fetch('/api/me')).status);
    expect(me).toBe(401);
    await page.close();
  });

  it('a researcher sees only their own navigation and is refused the admin pages', async () => {
    const { page, url } = await open();
    await page.goto(url);
    await signIn(page, 'researcher');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).innerText())
      .toBe('Welcome, Rosa Researcher');
    expect(await navLinks(page)).toEqual([
      'Home',
      'Catalogue',
      'My applications',
      'Workspaces',
      'Public register',
      'My opt-out',
      'API tokens',
    ]);
    await expect.poll(() => page.locator('main').innerText()).toContain('Data user');

    await page.goto(`${url}/admin/audit`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).innerText())
      .toBe('You do not have access to this page');
    await page.screenshot({ path: `${shots}/forbidden.png`, fullPage: true });
    const api = await page.evaluate(async () => (await fetch('/api/audit/events')).status);
    expect(api).toBe(403);
    await page.close();
  });

  it('a data holder creates an API token, sees its secret once, and the token works for the API', async () => {
    const { page, url } = await open();
    await page.goto(url);
    await signIn(page, 'hospital');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API tokens' }).click();
    await page.getByLabel('Name').fill('Upload client');
    await page.getByRole('checkbox', { name: 'Data holder' }).check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const secretField = page.getByLabel('Token secret');
    await expect.poll(() => secretField.inputValue()).toMatch(/^salus_/);
    const secret = await secretField.inputValue();
    await page.screenshot({ path: `${shots}/token-created.png`, fullPage: true });
    const response = await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { user: { roles: string[] } }).user.roles).toEqual(['data_holder']);
    await page.getByRole('button', { name: 'I have copied the secret' }).click();
    await expect.poll(() => page.getByLabel('Token secret').count()).toBe(0);
    await expect.poll(() => page.getByRole('table').innerText()).toContain('Upload client');
    await page.close();
  });
});
