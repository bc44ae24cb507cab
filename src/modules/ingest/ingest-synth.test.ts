import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../synth/index.js';
import type { Lake } from '../lake/index.js';
import { personIdOf, pseudonymOf, type PseudonymKey } from '../../platform/pseudonym/index.js';
import { ingestDelivery, type DeliveryReport } from './index.js';
import { removeTempDirs, sharedData, tempDir, tempLake, testKey } from './test-support.js';

const holders = ['hospital', 'laboratory', 'insurer'] as const;
const holderIds = { hospital: 'DH-HOSPITAL', laboratory: 'DH-LAB', insurer: 'DH-INSURER' } as const;

interface Truth {
  nationalId: string;
  patientIds: Record<(typeof holders)[number], string | null>;
}

let synthDir: string;
let key: PseudonymKey;
let lake: Lake;
const reports: Partial<Record<(typeof holders)[number], DeliveryReport>> = {};

beforeAll(async () => {
  synthDir = path.join(tempDir(), 'synth');
  await synthesize({ persons: 300, seed: 11, outDir: synthDir, noise: 'default' });
  key = testKey();
  lake = await tempLake();
  for (const holder of holders) {
    reports[holder] = await ingestDelivery({
      lake,
      holderId: holderIds[holder],
      paths: [path.join(synthDir, holder)],
      pseudonymKey: key,
    });
  }
}, 120_000);

afterAll(async () => {
  await lake.close();
  removeTempDirs();
});

const truth = (): Truth[] =>
  readFileSync(path.join(synthDir, 'ground-truth.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Truth);

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile());
}

describe('deliveries of the synthetic population by three holders', { timeout: 60_000 }, () => {
  it('commits each holder with every resource accounted for and no rejects', () => {
    for (const holder of holders) {
      const report = reports[holder];
      expect(report?.status, holder).toBe('committed');
      expect(report?.rejectedTotal, holder).toBe(0);
      for (const [type, c] of Object.entries(report?.resourcesPerType ?? {})) {
        expect(c.read, `${holder} ${type}`).toBe(c.loaded + c.skipped);
      }
    }
    expect(reports.hospital?.files.some((f) => f.path === 'manifest.json' && f.format === 'ignored')).toBe(
      true,
    );
  });

  it('links the same person across holders into one person_id, and reports the overlap per pair', async () => {
    const people = truth();
    const known = people.filter((p) => holders.some((h) => p.patientIds[h] !== null));
    const report = await lake.linkageReport();
    expect(report.persons).toBe(known.length);
    for (const pair of report.pairs) {
      const a = holders.find((h) => holderIds[h] === pair.holderA) ?? 'hospital';
      const b = holders.find((h) => holderIds[h] === pair.holderB) ?? 'hospital';
      const expected = people.filter((p) => p.patientIds[a] !== null && p.patientIds[b] !== null).length;
      expect(pair.sharedPersons, `${pair.holderA} × ${pair.holderB}`).toBe(expected);
      expect(expected).toBeGreaterThan(0);
    }
    const shared = people.find((p) => p.patientIds.hospital !== null && p.patientIds.insurer !== null);
    const personId = personIdOf(pseudonymOf(key, shared?.nationalId ?? ''));
    const rows = await lake.query(`SELECT person_id FROM person WHERE person_id = ${personId.toString()}`);
    expect(rows).toHaveLength(1);
    const holdersOfPerson = await lake.query(`SELECT
      (SELECT count(*) FROM visit_occurrence WHERE person_id = ${personId.toString()} AND visit_type_concept_id = 32817) AS hospital,
      (SELECT count(*) FROM visit_occurrence WHERE person_id = ${personId.toString()} AND visit_type_concept_id = 32810) AS insurer`);
    expect(Number(holdersOfPerson[0]?.insurer)).toBeGreaterThan(0);
  });

  it('keeps names, street lines and telephone numbers of the inputs out of every lake file', async () => {
    const secrets = new Set<string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (typeof value === 'object' && value !== null) {
        const r = value as Record<string, unknown>;
        for (const n of Array.isArray(r.name) ? r.name : []) {
          const name = n as { family?: string; given?: string[] };
          if (typeof name.family === 'string') secrets.add(name.family);
          for (const g of name.given ?? []) secrets.add(g);
        }
        for (const a of Array.isArray(r.address) ? r.address : []) {
          for (const line of (a as { line?: string[] }).line ?? []) secrets.add(line);
        }
        for (const t of Array.isArray(r.telecom) ? r.telecom : []) {
          const v = (t as { value?: string }).value;
          if (typeof v === 'string') secrets.add(v);
        }
        Object.values(r).forEach(collect);
      }
    };
    for (const holder of holders) {
      for (const file of ['Patient.ndjson', 'Organization.ndjson']) {
        for (const line of readFileSync(path.join(synthDir, holder, file), 'utf8').split('\n')) {
          if (line !== '') collect(JSON.parse(line));
        }
      }
    }
    // The Synthea samples go into the same lake, with their practitioners' names.
    const more = await ingestDelivery({
      lake,
      holderId: 'SYNTHEA-BULK',
      paths: [path.join(sharedData, 'synthea-bulk-10')],
      pseudonymKey: key,
    });
    expect(more.status).toBe('committed');
    for (const file of ['Patient.000.ndjson', 'Practitioner.000.ndjson', 'Organization.000.ndjson']) {
      for (const line of readFileSync(path.join(sharedData, 'synthea-bulk-10', file), 'utf8').split('\n')) {
        if (line !== '') collect(JSON.parse(line));
      }
    }
    const words = [...secrets].filter((s) => s.length >= 4);
    const localIds = holders.flatMap((holder) =>
      readFileSync(path.join(synthDir, holder, 'Patient.ndjson'), 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => (JSON.parse(l) as { id: string }).id),
    );
    expect(localIds.length).toBeGreaterThan(100);
    expect(words.length).toBeGreaterThan(500);
    const files = filesUnder(lake.dir);
    expect(files.filter((f) => f.endsWith('.parquet')).length).toBeGreaterThan(20);
    for (const file of files) {
      // Raw bytes (manifests, Parquet metadata) and, for Parquet, the decoded values (pages are compressed).
      let text = readFileSync(file).toString('utf8');
      if (file.endsWith('.parquet')) {
        text += JSON.stringify(await lake.query(`SELECT * FROM read_parquet('${file}')`));
      }
      // Whole words only: a given name may be the start of a town's name (Marija, Marijampolė).
      const found = words.filter(
        (w) => text.includes(w) && new RegExp(`(?<!\\p{L})${escape(w)}(?!\\p{L})`, 'u').test(text),
      );
      expect(found, file).toEqual([]);
      // Nor the holders' own patient ids: the lake's data knows persons by person_id and pseudonym only.
      // (A delivery's report in manifest.json may name a rejected record by its id, for the holder.)
      if (file.endsWith('.parquet'))
        expect(
          localIds.filter((id) => text.includes(id)),
          file,
        ).toEqual([]);
    }
  }, 60_000);

  it('is idempotent: the same delivery again is unchanged and changes nothing', async () => {
    const before = filesUnder(path.join(lake.dir, 'deliveries')).map(
      (f) => `${f}:${String(statSync(f).mtimeMs)}`,
    );
    const counts = await lake.rowCounts();
    const again = await ingestDelivery({
      lake,
      holderId: holderIds.hospital,
      paths: [path.join(synthDir, 'hospital')],
      pseudonymKey: key,
    });
    expect(again.status).toBe('unchanged');
    expect(again.deliveryId).toBe(reports.hospital?.deliveryId);
    expect(
      filesUnder(path.join(lake.dir, 'deliveries')).map((f) => `${f}:${String(statSync(f).mtimeMs)}`),
    ).toEqual(before);
    expect(await lake.rowCounts()).toEqual(counts);
  });

  it('gives the same rows, with the same ids, when the same delivery is loaded into another lake', async () => {
    const other = await tempLake();
    const report = await ingestDelivery({
      lake: other,
      holderId: holderIds.laboratory,
      paths: [path.join(synthDir, 'laboratory')],
      pseudonymKey: key,
    });
    const id = report.deliveryId;
    expect(id).toBe(reports.laboratory?.deliveryId);
    const mine = path.join(lake.dir, 'deliveries', id);
    for (const name of readdirSync(mine).filter((n) => n.endsWith('.parquet'))) {
      const read = (dir: string) => `SELECT * FROM read_parquet('${path.join(dir, name)}') ORDER BY ALL`;
      expect(await other.query(read(path.join(other.dir, 'deliveries', id))), name).toEqual(
        await lake.query(read(mine)),
      );
    }
    await other.close();
  });

  it("computes a holder's catalogue metadata from its data", async () => {
    const m = await lake.datasetMetadata(holderIds.hospital);
    const patients = new Set(
      readFileSync(path.join(synthDir, 'hospital', 'Patient.ndjson'), 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => (JSON.parse(l) as { id: string }).id),
    );
    expect(m.numberOfUniqueIndividuals).toBe(patients.size);
    expect(m.numberOfRecords).toBeGreaterThan(patients.size);
    // Conditions diagnosed before the extract's period (onset years back) widen the start.
    expect((m.temporalCoverage?.start ?? '') < '2015-02-01').toBe(true);
    expect(m.temporalCoverage?.end.slice(0, 4)).toMatch(/^202[45]$/);
    expect(m.minTypicalAge).not.toBeNull();
    expect(m.maxTypicalAge ?? 0).toBeGreaterThan(m.minTypicalAge ?? 0);
    expect(m.codingSystems).toEqual(expect.arrayContaining(['SNOMED', 'LOINC', 'UCUM']));
    const lab = await lake.datasetMetadata(holderIds.laboratory);
    expect(lab.codingSystems).toEqual(expect.arrayContaining(['LOINC', 'UCUM']));
  });

  it('leaves out exactly the opted-out persons, who stay in the lake', async () => {
    const all = await lake.query('SELECT person_id, person_source_value FROM person ORDER BY person_id');
    const optedOut = all.filter((_, i) => i % 7 === 3).map((r) => String(r.person_source_value));
    const eligible = await lake.eligiblePersons(optedOut);
    expect(eligible.count).toBe(all.length - optedOut.length);
    expect(eligible.excluded).toBe(optedOut.length);
    const ids = new Set(
      (await lake.query(`SELECT person_id FROM ${eligible.table}`)).map((r) => String(r.person_id)),
    );
    for (const r of all) {
      expect(ids.has(String(r.person_id))).toBe(!optedOut.includes(String(r.person_source_value)));
    }
    expect((await lake.rowCounts()).person).toBe(all.length);
    await lake.dropEligiblePersons(eligible);
    await expect(lake.eligiblePersons(['not-a-pseudonym'])).rejects.toThrow(/64 hex/);
  });
});
