import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shots, signIn, useDemoNodeInBrowser } from '../support/demo-browser.js';

const h1 = (page: Page): Promise<string> => page.getByRole('heading', { level: 1 }).innerText();
const status = (page: Page): Promise<string> => page.getByTestId('case-status').innerText();

describe('data access in a real browser', () => {
  const { open } = useDemoNodeInBrowser();

  it('a researcher applies from a basket, the officer asks for more, the researcher answers, the officer grants, and the register shows the permit', async () => {
    const researcher = await open();
    const { page, url } = researcher;
    await page.goto(url);
    await signIn(page, 'researcher');
    await expect.poll(() => h1(page)).toBe('Welcome, Rosa Researcher');

    await page.goto(`${url}/access/new/application`);
    await expect.poll(() => h1(page)).toBe('New Data access application');
    await page.getByLabel('Search the catalogue').fill('diabetes');
    const add = page.getByRole('button', { name: /^Add: .*diabetes/i }).first();
    await add.click();
    await page.getByLabel('Title', { exact: true }).fill('HbA1c and stroke');
    await page.getByLabel('Purpose (Art 53(1))').selectOption('scientific_research');
    await page.getByLabel('Intended use of the data').fill('A cohort study of HbA1c and first stroke.');
    await page.getByLabel('Expected benefit').fill('Better treatment targets.');
    await page.getByLabel('Data from (date)').fill('2015-01-01');
    await page.getByLabel('Data until (date)').fill('2024-12-31');
    await page.getByLabel('Safeguards against misuse and re-identification').fill('Named analysts only.');
    await page.getByLabel('Months the data are needed for').fill('12');
    await page
      .getByLabel('Persons who will access the data (one per line: name, e-mail)')
      .fill('Rosa Researcher, researcher@demo.salus.example');
    await page.getByLabel(/Art 54/).check();
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => status(page)).toBe('Submitted');
    const reference = (await page.locator('dd').first().innerText()).trim();
    expect(reference).toMatch(/^DAA-\d{4}-\d{5}$/);
    const caseUrl = page.url();
    await page.screenshot({ path: `${shots}/access-submitted.png`, fullPage: true });

    const officer = await open();
    await officer.page.goto(url);
    await signIn(officer.page, 'officer');
    await expect.poll(() => h1(officer.page)).toBe('Welcome, Otto Officer');
    await officer.page.goto(`${url}/access/dashboard`);
    await officer.page.getByRole('link', { name: 'HbA1c and stroke' }).click();
    await officer.page.getByRole('button', { name: 'Start pre-screening' }).click();
    await expect.poll(() => status(officer.page)).toBe('Pre-screening');
    await officer.page.getByLabel('Field asked about').selectOption('safeguards');
    await officer.page.locator('#access-ask-question').fill('Who checks outputs before release?');
    await officer.page.getByRole('button', { name: 'Ask the applicant' }).click();
    await expect.poll(() => status(officer.page)).toBe('Waiting for the applicant');
    await expect.poll(() => officer.page.locator('main').innerText()).toContain('(paused)');

    await page.goto(caseUrl);
    await expect.poll(() => page.locator('main').innerText()).toContain('Who checks outputs before release?');
    await page.locator('#access-answer').fill('Two output checkers review every release.');
    await page.getByRole('button', { name: 'Send the answer' }).click();
    await expect.poll(() => status(page)).toBe('Pre-screening');

    await officer.page.reload();
    await officer.page.getByRole('button', { name: 'The application is complete' }).click();
    await expect.poll(() => status(officer.page)).toBe('Being assessed');
    await officer.page.getByRole('button', { name: 'Save the assessment' }).click();
    await expect.poll(() => officer.page.locator('main').innerText()).toContain('Done.');
    await officer.page.getByRole('button', { name: 'Grant' }).click();
    await expect.poll(() => status(officer.page)).toBe('Decision issued');
    await expect.poll(() => officer.page.locator('main').innerText()).toContain(`Permit ${reference}-P`);
    const href = await officer.page.getByRole('link', { name: 'Decision document' }).getAttribute('href');
    expect(href).toBe(`/api/access/cases/${caseUrl.split('/').pop() ?? ''}/decision.pdf`);
    const pdf = await officer.page.evaluate(async (url: string) => {
      const r = await fetch(url);
      return { status: r.status, type: r.headers.get('content-type') };
    }, href ?? '');
    expect(pdf).toEqual({ status: 200, type: 'application/pdf' });
    await officer.page.screenshot({ path: `${shots}/access-granted.png`, fullPage: true });

    const visitor = await open();
    await visitor.page.goto(`${url}/access/register`);
    await expect.poll(() => h1(visitor.page)).toBe('Public register of data access');
    const row = visitor.page.getByRole('row', { name: new RegExp(reference) });
    await expect.poll(() => row.innerText()).toContain(`${reference}-P`);
    const text = await visitor.page.locator('main').innerText();
    expect(text).toContain('Institute for Public Health Research');
    expect(text).not.toContain('Rosa');
    expect(text).not.toContain('researcher@demo.salus.example');
    await visitor.page.screenshot({ path: `${shots}/access-register.png`, fullPage: true });

    // The front desk records an opt-out; the receipt is all that is shown back.
    await officer.page.goto(`${url}/access/opt-out`);
    await officer.page.getByLabel('National identifier').fill('19800101-1234');
    await officer.page.getByRole('button', { name: 'Record the opt-out' }).click();
    await expect.poll(() => officer.page.locator('main').innerText()).toMatch(/Receipt: [0-9A-F]{20}/);
    await Promise.all([page.close(), officer.page.close(), visitor.page.close()]);
  });
});
