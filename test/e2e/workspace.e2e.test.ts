import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shots, signIn, useDemoNodeInBrowser } from '../support/demo-browser.js';

const h1 = (page: Page): Promise<string> => page.getByRole('heading', { level: 1 }).innerText();
const main = (page: Page): Promise<string> => page.locator('main').innerText();

/** An API call from inside the page, with its session: how the set-up acts as a signed-in person. */
async function call<T>(page: Page, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  const response = await page.evaluate(
    async ({ method, path, body }) => {
      const r = await fetch(path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: r.status, text: await r.text() };
    },
    { method, path, body },
  );
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${response.text}`);
  return JSON.parse(response.text) as T;
}

const checklist = [
  'purpose_permitted',
  'no_prohibited_use',
  'data_minimised',
  'pseudonymisation_justified',
  'safeguards_adequate',
  'named_persons_identified',
  'ethics_approval',
  'duration_justified',
].map((criterion) => ({ criterion, verdict: 'met', note: '' }));

// Type 2 diabetes and its complications as the synthetic hospital codes them (SNOMED CT; claims use ICD-10 E11).
const type2Diabetes = ['44054006', '422034002', '127013003', '368581000119106'];

// Type 2 diabetes by age band: the youngest band holds few persons, which the airlock's minimum cell count flags.
const diabetesByAge = `SELECT CASE
         WHEN 2025 - p.year_of_birth < 45 THEN '1: under 45'
         WHEN 2025 - p.year_of_birth < 65 THEN '2: 45-64'
         ELSE '3: 65 and over' END AS age_band,
       count(DISTINCT p.person_id) AS n
FROM person p
JOIN condition_occurrence c ON c.person_id = p.person_id
WHERE c.condition_source_value LIKE 'E11%' OR c.condition_source_value IN (${type2Diabetes.map((c) => `'${c}'`).join(', ')})
GROUP BY age_band
ORDER BY age_band`;

describe('the secure processing environment in a real browser', () => {
  const { open } = useDemoNodeInBrowser();

  it('a researcher counts diabetes patients by age band, saves the table, files it; the check flags a small cell; suppressed, approved, downloaded', async () => {
    // ---- Set-up through the API: the researcher applies, the officer grants a permit naming her.
    const researcher = await open();
    const { page, url } = researcher;
    await page.goto(url);
    await signIn(page, 'researcher');
    await expect.poll(() => h1(page)).toBe('Welcome, Rosa Researcher');
    const search = await call<{ results: { id: string; title: Record<string, string> }[] }>(
      page,
      'GET',
      '/api/catalogue/datasets?q=Riverside&pageSize=10',
    );
    const dataset = search.results.find((d) => d.title['en'] === 'Riverside University Hospital EHR extract');
    expect(dataset).toBeDefined();
    const draft = await call<{ case: { id: string } }>(page, 'POST', '/api/access/cases', {
      track: 'application',
      form: {
        title: 'Type 2 diabetes by age',
        purpose: 'scientific_research',
        intendedUse: 'Counting persons with type 2 diabetes by age band.',
        expectedBenefit: 'Planning diabetes care.',
        datasets: [{ datasetId: dataset?.id, variables: ['person', 'condition_occurrence'] }],
        period: { from: '1990-01-01', to: '2026-06-30' },
        dataForm: 'pseudonymised',
        pseudonymisationJustification: 'Persons must be counted once across their records.',
        safeguards: 'Named analysts only, inside the secure processing environment.',
        durationMonths: 12,
        namedPersons: [{ name: 'Rosa Researcher', email: 'researcher@demo.salus.example' }],
        ethics: { required: false },
        noProhibitedUse: true,
      },
    });
    const caseId = draft.case.id;
    const submitted = await call<{ case: { reference: string } }>(
      page,
      'POST',
      `/api/access/cases/${caseId}/submit`,
    );
    const reference = submitted.case.reference;

    const officer = await open();
    await officer.page.goto(url);
    await signIn(officer.page, 'officer');
    await expect.poll(() => h1(officer.page)).toBe('Welcome, Otto Officer');
    await call(officer.page, 'POST', `/api/access/cases/${caseId}/pre-screening`);
    await call(officer.page, 'POST', `/api/access/cases/${caseId}/complete`, {});
    await call(officer.page, 'PUT', `/api/access/cases/${caseId}/assessment`, { checklist });
    await call(officer.page, 'POST', `/api/access/cases/${caseId}/grant`, { conditions: [] });
    await officer.page.close();

    // ---- The data steward prepares the workspace: the extract builds, the minimisation report follows.
    const steward = await open();
    await steward.page.goto(url);
    await signIn(steward.page, 'steward');
    await expect.poll(() => h1(steward.page)).toBe('Welcome, Stella Steward');
    await steward.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Workspaces' })
      .click();
    await expect.poll(() => h1(steward.page)).toBe('Workspaces');
    await steward.page.getByRole('button', { name: `Prepare the workspace for ${reference}` }).click();
    await steward.page.getByLabel('Cohort codes').fill(['E11*', ...type2Diabetes].join(', '));
    await steward.page.getByRole('button', { name: 'Build the extract' }).click();
    await expect
      .poll(() => main(steward.page), { timeout: 60_000 })
      .toContain(`The workspace ${reference}-P`);
    await expect.poll(() => main(steward.page)).toContain('Excluded by opt-out');
    await expect.poll(() => main(steward.page)).toContain('condition_occurrence');
    await steward.page.screenshot({ path: `${shots}/workspace-prepared.png`, fullPage: true });
    await steward.page.close();

    // ---- The researcher enters the workspace and counts in SQL.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workspaces' }).click();
    await expect.poll(() => h1(page)).toBe('Workspaces');
    await page.getByRole('link', { name: new RegExp(`^${reference}-P`) }).click();
    await expect.poll(() => h1(page)).toContain(`${reference}-P`);
    await expect
      .poll(() => page.getByRole('tab', { name: 'SQL console' }).getAttribute('aria-selected'))
      .toBe('true');
    const sql = page.getByLabel('SQL', { exact: true });
    await sql.fill(diabetesByAge);
    await sql.press('Control+Enter');
    await expect
      .poll(() => page.getByTestId('sql-summary').innerText(), { timeout: 30_000 })
      .toMatch(/^\d+ rows in/);
    await page.screenshot({ path: `${shots}/workspace-sql.png`, fullPage: true });
    await expect.poll(() => page.getByTestId('sql-summary').innerText()).toMatch(/^3 rows in/);
    const result = page.getByRole('table', { name: /^Result: 3 rows/ });
    await expect.poll(() => result.innerText()).toContain('1: under 45');
    await expect.poll(() => page.getByRole('img', { name: 'n by age_band' }).count()).toBe(1);
    const counts = (await result.locator('tbody tr').allInnerTexts()).map((row) =>
      Number(row.split('\t')[1]),
    );
    expect(counts[0]).toBeLessThan(10);
    expect(counts.slice(1).every((n) => n >= 10)).toBe(true);
    await page.screenshot({ path: `${shots}/workspace-sql.png`, fullPage: true });

    await page.getByLabel('File name').fill('diabetes_by_age');
    await page.getByRole('button', { name: 'Save as table' }).click();
    await expect
      .poll(() => page.getByRole('status').first().innerText())
      .toContain('Saved diabetes_by_age.csv');

    // ---- The output request: the automatic check flags the small cell; suppressing it fixes that.
    await page.getByRole('tab', { name: 'Output requests' }).click();
    await page.getByLabel('Title').fill('Type 2 diabetes by age band');
    await page.getByRole('checkbox', { name: 'diabetes_by_age.csv' }).check();
    await page
      .getByLabel('What does it show?')
      .fill('Persons with a type 2 diabetes diagnosis, by age band in 2025.');
    await page.getByLabel('Population').fill('Persons in the extract with an E11 condition');
    await expect.poll(() => page.getByRole('checkbox', { name: 'n', exact: true }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'File the request' }).click();
    const request = page.getByRole('region', { name: /Type 2 diabetes by age band/ });
    await expect
      .poll(() => request.getByTestId('output-status').innerText(), { timeout: 30_000 })
      .toBe('CHECKED AUTOMATICALLY');
    const cells = request.getByRole('table', { name: 'Checked cells of diabetes_by_age.csv' });
    await expect.poll(() => cells.innerText()).toContain('(fails, note 1)');
    await expect.poll(() => request.innerText()).toMatch(/below the minimum of 10/);
    await expect
      .poll(() => request.getByRole('button', { name: 'Submit for checking' }).isDisabled())
      .toBe(true);
    await page.screenshot({ path: `${shots}/workspace-check-fails.png`, fullPage: true });

    await request.getByRole('button', { name: 'Suppress the failing cells of diabetes_by_age.csv' }).click();
    await expect.poll(() => request.innerText()).toContain('Remedies applied: suppressed 1 cell.');
    await expect.poll(() => cells.innerText()).not.toContain('(fails');
    await request.getByRole('button', { name: 'Submit for checking' }).click();
    await expect.poll(() => request.getByTestId('output-status').innerText()).toBe('WAITING FOR A CHECKER');

    // ---- The output checker approves.
    const checker = await open();
    await checker.page.goto(url);
    await signIn(checker.page, 'checker');
    await expect.poll(() => h1(checker.page)).toBe('Welcome, Chen Checker');
    await checker.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Output checks' })
      .click();
    await expect.poll(() => h1(checker.page)).toBe('Output checks');
    await checker.page.getByRole('link', { name: 'Type 2 diabetes by age band' }).click();
    await expect.poll(() => h1(checker.page)).toBe('Type 2 diabetes by age band');
    await expect.poll(() => main(checker.page)).toContain('Persons in the extract with an E11 condition');
    await expect
      .poll(() =>
        checker.page.getByRole('table', { name: /^diabetes_by_age\.csv: the first 3 rows/ }).innerText(),
      )
      .toContain('*');
    await checker.page.getByLabel('Approve').check();
    await checker.page
      .getByLabel('Comment for the requester')
      .fill('Small cell suppressed; safe to release.');
    await checker.page.getByRole('button', { name: 'Record the decision' }).click();
    await expect.poll(() => checker.page.getByTestId('output-status').innerText()).toBe('RELEASED');
    await checker.page.screenshot({ path: `${shots}/workspace-checked.png`, fullPage: true });
    await checker.page.close();

    // ---- The researcher downloads the released file: the small cell is suppressed in it.
    await page.reload();
    await expect.poll(() => page.getByTestId('output-status').first().innerText()).toBe('RELEASED');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download diabetes_by_age.csv' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('diabetes_by_age.csv');
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('age_band,n');
    expect(lines[1]).toBe('1: under 45,*');
    expect(lines.slice(2).map((line) => line.split(',')[1])).toEqual(counts.slice(1).map(String));
    await page.screenshot({ path: `${shots}/workspace-released.png`, fullPage: true });
    await page.close();
  });
});
