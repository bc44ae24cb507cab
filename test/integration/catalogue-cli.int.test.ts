import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRdf } from '../../src/modules/catalogue/rdf/formats.js';
import { useCliEnvironment } from '../support/cli.js';

const built = existsSync('dist/src/cli/main.js');
const example = path.resolve('../shared/data/healthdcat-ap-r8/examples/example-healthdcat-dataset.ttl');

describe.runIf(built)('salus catalogue at the command line', { timeout: 180_000 }, () => {
  const { dir: dataDir, salus } = useCliEnvironment('catalogue-cli');

  it('validates documents: prints each violation with its field, exits 1 on a mandatory one', () => {
    const official = salus('catalogue', 'validate', example);
    // The official example writes dcat:byteSize as an integer where the shapes want xsd:decimal.
    expect(official.stdout).toContain('dataset-oncology-ehrs-2024 (NON_PUBLIC)');
    expect(official.stdout).toMatch(/VIOLATION distributions\.0\.byteSize = 245000000/);
    expect(official.status).toBe(1);

    const fixed = path.join(dataDir(), 'fixed.ttl');
    writeFileSync(
      fixed,
      readFileSync(example, 'utf8').replace(
        /dcat:byteSize\s+"?(\d+)"?(\^\^xsd:\w+)?/g,
        'dcat:byteSize "$1"^^xsd:decimal',
      ),
    );
    const clean = salus('catalogue', 'validate', fixed);
    expect(clean.stdout).toMatch(/0 violation\(s\)/);
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);

    const broken = path.join(dataDir(), 'broken.ttl');
    writeFileSync(
      broken,
      '@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<urn:x> a dcat:Dataset ;\n dcat:keyword "x .\n',
    );
    const syntax = salus('catalogue', 'validate', broken);
    expect(syntax.status).toBe(1);
    expect(syntax.stderr).toContain('Turtle syntax error at line 3');
  });

  it('imports for a data holder, publishes, and exports the catalogue in every format', () => {
    const add = salus('organisations', 'add', '--name', 'Oncology Network', '--kind', 'data_holder');
    expect(add.status, add.stderr).toBe(0);
    const fixed = path.join(dataDir(), 'fixed.ttl');
    const unknown = salus('catalogue', 'import', '--holder', 'Nobody Hospital', fixed);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('there is no organisation named "Nobody Hospital"');

    const imported = salus('catalogue', 'import', '--holder', 'Oncology Network', '--publish', fixed);
    expect(imported.status, imported.stdout + imported.stderr).toBe(0);

    for (const format of ['turtle', 'jsonld', 'rdfxml'] as const) {
      const out = path.join(dataDir(), `catalogue.${format}`);
      const r = salus('catalogue', 'export', '--format', format, '--out', out);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/1 datasets/);
      expect(existsSync(`${out}.${process.pid}.partial`)).toBe(false);
      const text = readFileSync(out, 'utf8');
      expect(text).toContain('dataset-oncology-ehrs-2024');
    }
  });

  it('writes an export that parses back, with the imported dataset in the catalogue', async () => {
    const text = readFileSync(path.join(dataDir(), 'catalogue.turtle'), 'utf8');
    const parsed = await parseRdf(text, 'turtle', 'https://example.org/');
    if (!parsed.ok) throw parsed.error;
    const linked = parsed.quads.filter((q) => q.predicate.value === 'http://www.w3.org/ns/dcat#dataset');
    expect(linked.map((q) => q.object.value)).toEqual([
      'https://healthdcat-ap.example.org/release-7/example/dataset-oncology-ehrs-2024',
    ]);
  });
});
