import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shots, signIn, useDemoNodeInBrowser } from '../support/demo-browser.js';

const h1 = (page: Page): Promise<string> => page.getByRole('heading', { level: 1 }).innerText();
const mainNav = (page: Page): Locator => page.getByRole('navigation', { name: 'Main' });
const results = (page: Page): Locator => page.getByRole('main').getByRole('article');
/** The sentence under the results heading, once a search has finished: "5 datasets found (3 ms)". */
const resultCount = (page: Page): Locator => page.getByText(/^(\d+ datasets? found|No datasets found)/);
/** What a screen reader reads with a field besides its label: its hint and its problems. */
const description = (field: Locator): Promise<string> =>
  field.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Waits for the search in the address to be answered (its filters shown as removable chips, the results no
 * longer busy), then gives the titles of the results shown.
 */
async function resultTitles(page: Page, filters: number): Promise<string[]> {
  await expect.poll(() => page.getByRole('button', { name: /^Remove filter / }).count()).toBe(filters);
  await expect
    .poll(() => page.getByRole('region', { name: 'Results' }).getAttribute('aria-busy'))
    .toBe('false');
  await expect.poll(() => resultCount(page).count()).toBe(1);
  return (await results(page).getByRole('heading', { level: 3 }).allInnerTexts()).map((t) => t.trim());
}

describe('the dataset catalogue in a real browser', () => {
  const { open } = useDemoNodeInBrowser();

  it('an anonymous visitor searches the demo catalogue, narrows it by two facets and reads a dataset with its variables', async () => {
    const { page, url } = await open();
    await page.goto(url);
    await mainNav(page).getByRole('link', { name: 'Catalogue' }).click();
    await expect.poll(() => h1(page)).toBe('Dataset catalogue');
    expect(await resultTitles(page, 0)).toHaveLength(5);

    await page.getByLabel('Search datasets').fill('registry');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => page.url()).toContain('q=registry');
    const registries = await resultTitles(page, 1);
    expect(registries.join('\n')).toMatch(/diabetes/i);
    expect(registries.join('\n')).toMatch(/breast cancer/i);

    // Two facets, each a checkbox with its count: first a health category, then the holder of a result.
    await page.goto(`${url}/catalogue`);
    await resultTitles(page, 0);
    const category = page.getByRole('group', { name: 'Health category' }).getByRole('checkbox').first();
    await category.check();
    await expect.poll(() => page.url()).toContain('healthCategory=');
    const inCategory = await resultTitles(page, 1);
    expect(inCategory.length).toBeGreaterThan(0);
    expect(inCategory.length).toBeLessThanOrEqual(5);
    const holder = (await results(page).first().locator('.result__holder').innerText()).trim();
    await page
      .getByRole('group', { name: 'Data holder' })
      .getByRole('checkbox', { name: new RegExp(`^${escape(holder)} \\(`) })
      .check();
    await expect.poll(() => page.url()).toContain('holder=');
    const narrowed = await resultTitles(page, 2);
    expect(narrowed.length).toBeGreaterThan(0);
    expect(narrowed.length).toBeLessThanOrEqual(inCategory.length);
    for (const shownHolder of await results(page).locator('.result__holder').allInnerTexts()) {
      expect(shownHolder.trim()).toBe(holder);
    }
    await page.screenshot({ path: `${shots}/catalogue-search.png`, fullPage: true });

    // The filters live in the address, so the back button takes the last one off again.
    await page.goBack();
    await expect.poll(() => page.url()).not.toContain('holder=');
    expect(await resultTitles(page, 1)).toEqual(inCategory);
    await page.goForward();
    await expect.poll(() => page.url()).toContain('holder=');
    await resultTitles(page, 2);

    const first = narrowed[0]!;
    await results(page).getByRole('link', { name: first, exact: true }).click();
    await expect.poll(() => h1(page)).toBe(first);
    // The way to the data starts here: an application with this dataset in its basket.
    expect(await page.getByRole('link', { name: 'Apply for access' }).getAttribute('href')).toMatch(
      /^\/access\/new\/application\?dataset=[0-9a-f-]{36}&title=/,
    );

    const variables = page.getByRole('region', { name: 'Variables', exact: true });
    const table = variables.getByRole('table').first();
    await expect.poll(() => table.isVisible()).toBe(true);
    for (const column of ['Name', 'Title', 'Type', 'Coding system']) {
      expect(await table.getByRole('columnheader', { name: column, exact: true }).count()).toBe(1);
    }
    expect(await table.getByRole('row').count()).toBeGreaterThan(1);

    const turtle = await page.getByRole('link', { name: /Turtle/ }).getAttribute('href');
    expect(turtle).toMatch(/\?format=turtle$/);
    const download = await page.evaluate(async (href) => {
      const response = await fetch(href);
      return { status: response.status, type: response.headers.get('content-type') ?? '' };
    }, turtle!);
    expect(download.status).toBe(200);
    expect(download.type).toContain('turtle');
    await page.screenshot({ path: `${shots}/catalogue-dataset.png`, fullPage: true });
    await page.close();
  });

  it('a data holder describes a dataset in the guided form, an access officer publishes it, and anyone can find it', async () => {
    // A word no demo dataset has, to find this one again in the public search.
    const marker = `echo${Date.now().toString(36)}`;
    const title = `Echocardiography outpatient clinic ${marker}`;

    const { page, url } = await open();
    await page.goto(url);
    await signIn(page, 'hospital');
    await expect.poll(() => h1(page)).toBe('Welcome, Hana Hospital');
    await mainNav(page).getByRole('link', { name: 'My datasets' }).click();
    await expect.poll(() => h1(page)).toBe('My datasets');
    await page.getByRole('link', { name: 'Describe a new dataset' }).click();
    await expect.poll(() => h1(page)).toBe('Describe a dataset');

    // The access level comes first and decides what each field is: keywords are mandatory only when non-public.
    await page.getByRole('radio', { name: 'Non-public' }).check();
    await expect
      .poll(() => page.getByLabel(/^Keywords \(English\)/).getAttribute('id'))
      .toBe('dataset-keywords');
    expect(await page.locator('label[for="dataset-keywords"]').innerText()).toMatch(/Mandatory/);
    await page.getByRole('radio', { name: 'Restricted' }).check();
    await expect.poll(() => page.locator('label[for="dataset-keywords"]').innerText()).toMatch(/Recommended/);

    // A draft needs a title: saving without one says so, beside the field and in the summary that links to it.
    await page.getByRole('button', { name: 'Save draft' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await expect.poll(() => summary.isVisible()).toBe(true);
    await summary.getByRole('link', { name: /Give the dataset a title/ }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('dataset-title');
    await page.screenshot({ path: `${shots}/catalogue-form-missing-title.png`, fullPage: true });

    await page.getByLabel(/^Title \(English\)/).fill(title);
    await page
      .getByLabel(/^Description \(English\)/)
      .fill(
        'Echocardiography reports of the outpatient cardiology clinic, with ejection fraction and valve findings.',
      );
    await page.getByLabel(/^Identifier/).fill(`RUH-ECHO-${marker}`);
    await page.getByLabel(/^Keywords \(English\)/).fill('cardiology, echocardiography, heart failure');

    await page.getByRole('button', { name: 'Next: Access and legal' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 2, name: /Access and legal/ }).count())
      .toBe(1);
    expect(await page.getByRole('checkbox', { name: /European Health Data Space/ }).isChecked()).toBe(true);

    await page.getByRole('button', { name: 'Next: Health content' }).click();
    await page
      .getByRole('group', { name: /^Health categories/ })
      .getByRole('checkbox', { name: /electronic health data from EHRs/i })
      .check();

    // Problems show while typing, in plain words, and go away once fixed.
    await page.getByRole('button', { name: 'Next: Coverage' }).click();
    const records = page.getByLabel(/^Number of records/);
    await records.fill('-5');
    await expect.poll(() => description(records)).toContain('Number of records cannot be below 0.');
    expect(await records.getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: `${shots}/catalogue-form-field-error.png`, fullPage: true });
    await records.fill('12000');
    await expect.poll(() => description(records)).not.toContain('below 0');
    expect(await records.getAttribute('aria-invalid')).toBe('false');
    await page.getByLabel(/^Youngest typical age/).fill('18');
    await page.getByLabel(/^Oldest typical age/).fill('95');

    await page.getByRole('button', { name: 'Next: Variables' }).click();
    await page
      .getByRole('group', { name: /^Is the data structured in tables/ })
      .getByRole('radio', { name: 'Yes' })
      .check();
    await page.getByLabel('Table name').fill('echo_reports');
    await page.getByLabel('Name of variable 1').fill('examined_on');
    await page.getByLabel('Title of variable 1 (English)').fill('Date of the examination');
    await page.getByLabel('Type of variable 1').selectOption('date');
    await page.getByLabel('Description of variable 1 (English)').fill('Day the echocardiogram was recorded.');
    await page.getByRole('button', { name: 'Add a variable' }).click();
    await page.getByLabel('Name of variable 2').fill('ejection_fraction');
    await page.getByLabel('Title of variable 2 (English)').fill('Left ventricular ejection fraction (%)');
    await page.getByLabel('Type of variable 2').selectOption('decimal');
    await page
      .getByLabel('Description of variable 2 (English)')
      .fill('Share of blood pumped out of the left ventricle with each beat, in percent.');

    await page.getByRole('button', { name: 'Next: Distributions' }).click();
    const distribution = page.getByRole('group', { name: 'Distribution 1' });
    await distribution.getByLabel(/^Title \(English\)/).fill('Extract in the secure processing environment');
    await distribution.getByLabel(/^Access address/).fill('https://hospital.example/data/echo');

    await page.getByRole('button', { name: 'Next: Contacts' }).click();
    await page
      .getByRole('group', { name: /^Contact for questions/ })
      .getByLabel('Email address')
      .fill('cardiology-data@riverside.example');
    // The data holder and the publisher (both the hospital here) each need a way to reach them.
    for (const who of [/^Data holder/, /^Publisher/])
      await page.getByRole('group', { name: who }).getByLabel('Email address').fill('data@riverside.example');
    const hdab = page.getByRole('group', { name: /^Health data access body/ });
    await hdab.getByLabel(/^Name \(English\)/).fill('National Health Data Access Body');
    await hdab.getByLabel('Email address').fill('access@hdab.example');

    await page.getByRole('button', { name: 'Next: Review' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: /Review/ }).count()).toBe(1);
    expect(await page.getByRole('main').innerText()).toContain('ejection_fraction');

    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByRole('status').first().innerText()).toMatch(/Draft saved/);
    await expect.poll(() => page.url()).toMatch(/\/catalogue\/datasets\/[^/]+\/edit/);
    // Submission opens only once the server's SHACL validation finds no violation; if it does not, the
    // failure shows what the form says stands in the way.
    const submit = page.getByRole('button', { name: 'Submit for publication' });
    const submitState = async (): Promise<string> =>
      (await submit.isEnabled())
        ? 'enabled'
        : `disabled: ${(await page.getByRole('alert').allInnerTexts()).join(' | ')} ${await page.locator('#editor-submit-reason').innerText()}`;
    await expect.poll(submitState).toBe('enabled');
    await page.screenshot({ path: `${shots}/catalogue-form-saved.png`, fullPage: true });
    await submit.click();
    await expect.poll(() => h1(page)).toBe('My datasets');
    await expect
      .poll(() => page.getByRole('status').first().innerText())
      .toContain('submitted for publication');
    const row = page.getByRole('row', { name: new RegExp(marker) });
    await expect.poll(() => row.textContent()).toContain('Submitted');
    await page.screenshot({ path: `${shots}/catalogue-mine.png`, fullPage: true });
    await page.close();

    const officer = await open();
    await officer.page.goto(officer.url);
    await signIn(officer.page, 'officer');
    await mainNav(officer.page).getByRole('link', { name: 'Catalogue review' }).click();
    await expect.poll(() => h1(officer.page)).toBe('Review datasets');
    const publish = officer.page.getByRole('button', { name: `Publish ${title}` });
    await expect.poll(() => publish.isVisible()).toBe(true);
    await officer.page.screenshot({ path: `${shots}/catalogue-review.png`, fullPage: true });
    await publish.click();
    await expect
      .poll(() => officer.page.getByRole('status').first().innerText())
      .toContain(`“${title}” is published in the catalogue.`);
    await expect.poll(() => publish.count()).toBe(0);
    await officer.page.close();

    const visitor = await open();
    await visitor.page.goto(`${visitor.url}/catalogue`);
    await visitor.page.getByLabel('Search datasets').fill(marker);
    await visitor.page.getByRole('button', { name: 'Search', exact: true }).click();
    expect(await resultTitles(visitor.page, 1)).toEqual([title]);
    await visitor.page.getByRole('link', { name: title, exact: true }).click();
    await expect.poll(() => h1(visitor.page)).toBe(title);
    const variables = await visitor.page.getByRole('region', { name: 'Variables', exact: true }).innerText();
    expect(variables).toContain('ejection_fraction');
    expect(variables).toContain('Share of blood pumped out of the left ventricle');
    await visitor.page.close();
  });
});
