import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../platform/errors/index.js';
import type { Bundle, Coding, Patient, Resource } from './fhir-r4.js';
import { holderNames, holderProfiles, nationalIdSystem, type HolderName } from './holder.js';
import { isValidNationalId } from './identities.js';
import { readDelivery, readNdjson, type Delivery } from './read-delivery.js';
import { synthesize, type SynthReport } from './synthesize.js';
import { systems } from './terminology.js';

let root: string;
let clean: SynthReport;
let delivery: Delivery;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'salus-synth-'));
  clean = await synthesize({
    persons: 800,
    seed: 20250101,
    outDir: path.join(root, 'clean'),
    noise: 'none',
    bundles: true,
  });
  delivery = readDelivery(clean.outDir);
  // Generous: the whole unit suite shares two cores and one disk with the 50,000-person memory test.
}, 300_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Every file under a directory, with its SHA-256. */
function digests(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[path.relative(dir, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

const resources = (holder: HolderName, type?: string): Resource[] =>
  [...delivery[holder]]
    .filter(([t]) => type === undefined || t === type)
    .flatMap(([, lines]) => lines.map((l) => l.resource));

const nationalId = (p: Patient): string | undefined =>
  p.identifier.find((i) => i.system === nationalIdSystem)?.value;

describe('salus synth', { timeout: 60_000 }, () => {
  it('writes byte-identical files for the same seed, and different ones for another seed', async () => {
    const options = { persons: 300, noise: 'heavy', bundles: true } as const;
    await synthesize({ ...options, seed: 7, outDir: path.join(root, 'a') });
    await synthesize({ ...options, seed: 7, outDir: path.join(root, 'b') });
    await synthesize({ ...options, seed: 8, outDir: path.join(root, 'c') });
    const a = digests(path.join(root, 'a'));
    const b = digests(path.join(root, 'b'));
    const c = digests(path.join(root, 'c'));
    expect(Object.keys(a).length).toBeGreaterThan(15);
    expect(b).toEqual(a);
    for (const file of Object.keys(a).filter((f) => f.endsWith('.ndjson')))
      expect(c[file], file).not.toBe(a[file]);
  });

  it('knows a person at several holders under one national identifier and different local ids', () => {
    const byNationalId = new Map<string, { holder: HolderName; patient: Patient }[]>();
    for (const holder of holderNames) {
      for (const r of resources(holder, 'Patient')) {
        const patient = r as Patient;
        const id = nationalId(patient);
        expect(id !== undefined && isValidNationalId(id)).toBe(true);
        const list = byNationalId.get(id ?? '') ?? [];
        list.push({ holder, patient });
        byNationalId.set(id ?? '', list);
      }
    }
    const atAllThree = [...byNationalId.values()].filter((l) => l.length === 3);
    const atOne = [...byNationalId.values()].filter((l) => l.length === 1);
    // Not everyone is everywhere: the holders serve overlapping, not identical, populations.
    expect(atAllThree.length).toBeGreaterThan(clean.persons * 0.15);
    expect(atOne.length).toBeGreaterThan(clean.persons * 0.1);
    for (const list of atAllThree) {
      const ids = new Set(list.map((l) => l.patient.id));
      const local = new Set(list.map((l) => l.patient.identifier[1]?.value));
      expect(ids.size).toBe(3);
      expect(local.size).toBe(3);
      for (const { holder, patient } of list) {
        expect(patient.identifier[1]?.system).toBe(holderProfiles[holder].patientIdSystem);
        expect(patient.name[0]?.family.length).toBeGreaterThan(1);
      }
    }
    // Direct identifiers vary as they do in real registers: many names, streets and numbers.
    const insured = resources('insurer', 'Patient') as Patient[];
    expect(new Set(insured.map((p) => p.name[0]?.family)).size).toBeGreaterThan(60);
    expect(new Set(insured.map((p) => p.address?.[0]?.line[0])).size).toBeGreaterThan(insured.length * 0.8);
    expect(insured.filter((p) => /^\+370 \d/.test(p.telecom?.[0]?.value ?? '')).length).toBeGreaterThan(
      insured.length * 0.85,
    );
    expect(insured.every((p) => p.address?.[0]?.country === 'LT')).toBe(true);
  });

  it('writes resources that look like valid FHIR R4, with references that resolve within the holder', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const knownSystems = new Set<string>(Object.values(systems));
    // Problems are collected and compared at the end: one expect per element would take minutes.
    const problems: string[] = [];
    const check = (ok: boolean, what: string): void => {
      if (!ok && problems.length < 20) problems.push(what);
    };
    let checked = 0;
    for (const holder of holderNames) {
      const ids = new Set<string>();
      for (const [type, lines] of delivery[holder]) {
        check(
          holderProfiles[holder].resourceTypes.includes(type as Resource['resourceType']),
          `${holder} delivers ${type}`,
        );
        for (const { resource } of lines) {
          const key = `${type}/${resource.id}`;
          check(resource.resourceType === type, `${key} in ${type}.ndjson`);
          check(uuid.test(resource.id), `${key} id`);
          check(!ids.has(key), `${key} unique`);
          ids.add(key);
          check(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(resource.meta.lastUpdated), `${key} lastUpdated`);
        }
      }
      for (const [, lines] of delivery[holder]) {
        for (const { resource } of lines) {
          const where = `${holder} ${resource.resourceType}/${resource.id}`;
          for (const missing of missingRequired(resource)) check(false, `${where}: ${missing}`);
          walk(resource, (key, value) => {
            if (key === 'reference')
              check(typeof value === 'string' && ids.has(value), `${where} -> ${String(value)}`);
            if (key === 'coding') {
              for (const c of value as Coding[]) {
                check(
                  knownSystems.has(c.system) || c.system.startsWith('http://terminology.hl7.org/'),
                  `${where} system ${c.system}`,
                );
                check(c.code.length > 0, `${where} empty code`);
              }
            }
            if (key === 'valueQuantity' || key === 'quantity' || key === 'daysSupply') {
              const q = value as { system?: string; value: unknown };
              check(typeof q.value === 'number' && Number.isFinite(q.value), `${where} ${key} value`);
              check(q.system === undefined || q.system === systems.ucum, `${where} ${key} UCUM`);
            }
          });
          checked++;
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBe(clean.resources);
  });

  it('lists every file in the manifests with its line count', () => {
    const manifest = JSON.parse(readFileSync(path.join(clean.outDir, 'manifest.json'), 'utf8')) as {
      transactionTime: string;
      output: { type: string; url: string; count: number }[];
    };
    expect(manifest.transactionTime).toBe('2025-03-31T06:00:00Z');
    expect(manifest.output.length).toBe(15);
    for (const o of manifest.output) {
      const lines = readFileSync(path.join(clean.outDir, o.url), 'utf8')
        .split('\n')
        .filter((l) => l !== '').length;
      expect(lines, o.url).toBe(o.count);
      const [holder, file] = o.url.split('/') as [HolderName, string];
      expect(file).toBe(`${o.type}.ndjson`);
      expect(clean.counts[holder][o.type as Resource['resourceType']]).toBe(o.count);
    }
    for (const holder of holderNames) {
      const own = JSON.parse(readFileSync(path.join(clean.outDir, holder, 'manifest.json'), 'utf8')) as {
        output: { url: string; count: number }[];
      };
      for (const o of own.output) {
        const lines = readFileSync(path.join(clean.outDir, holder, o.url), 'utf8')
          .split('\n')
          .filter((l) => l !== '');
        expect(lines.length).toBe(o.count);
      }
    }
    expect(clean.resources).toBe(manifest.output.reduce((s, o) => s + o.count, 0));
  });

  it('writes one transaction Bundle per person per holder, with references resolved inside it', () => {
    const problems: string[] = [];
    const check = (ok: boolean, what: string): void => {
      if (!ok && problems.length < 20) problems.push(what);
    };
    for (const holder of holderNames) {
      const bundles = readNdjson<Bundle>(path.join(clean.outDir, holder, 'bundles.ndjson'));
      const [organisations, ...persons] = bundles;
      expect(persons.length).toBe(clean.population.knownTo[holder]);
      const organisationIds = new Set(organisations?.entry.map((e) => `Organization/${e.resource.id}`));
      let entries = 0;
      for (const bundle of persons) {
        check((bundle.type as string) === 'transaction', 'transaction');
        const fullUrls = new Set(bundle.entry.map((e) => e.fullUrl));
        check(fullUrls.size === bundle.entry.length, 'fullUrls unique');
        check(bundle.entry[0]?.resource.resourceType === 'Patient', 'Patient first');
        for (const e of bundle.entry) {
          check(e.fullUrl === `urn:uuid:${e.resource.id}`, `${e.fullUrl} is urn:uuid:id`);
          check(
            e.request.method === 'POST' && e.request.url === e.resource.resourceType,
            `${e.fullUrl} request`,
          );
          walk(e.resource, (key, value) => {
            if (key !== 'reference') return;
            const ref = String(value);
            check(
              ref.startsWith('Organization/') ? organisationIds.has(ref) : fullUrls.has(ref),
              `${holder} ${e.fullUrl} -> ${ref}`,
            );
          });
        }
        entries += bundle.entry.length;
      }
      // The same resources as the NDJSON files, less the Organizations sent once up front.
      const ndjson = [...delivery[holder]].reduce(
        (s, [type, lines]) => s + (type === 'Organization' ? 0 : lines.length),
        0,
      );
      expect(entries).toBe(ndjson);
    }
    expect(problems).toEqual([]);
  });

  it('leaves the other holders unchanged when one is left out', async () => {
    const dir = path.join(root, 'hospital-only');
    const report = await synthesize({
      persons: 800,
      seed: 20250101,
      outDir: dir,
      noise: 'none',
      holders: ['hospital'],
    });
    expect(report.holders).toEqual(['hospital']);
    expect(readdirSync(dir).sort()).toEqual([
      'ground-truth.ndjson',
      'hospital',
      'injected-errors.json',
      'injected-errors.ndjson',
      'manifest.json',
    ]);
    const full = digests(path.join(clean.outDir, 'hospital'));
    const alone = digests(path.join(dir, 'hospital'));
    for (const [file, hash] of Object.entries(alone)) {
      if (file.endsWith('.ndjson')) expect(hash, file).toBe(full[file]);
    }
  });

  it('writes the direct identifiers of the country asked for', async () => {
    const dir = path.join(root, 'belgium');
    await synthesize({
      persons: 200,
      seed: 1,
      outDir: dir,
      noise: 'none',
      country: 'BE',
      holders: ['insurer'],
    });
    const patients = readNdjson<Patient>(path.join(dir, 'insurer', 'Patient.ndjson'));
    expect(patients.every((p) => p.address?.[0]?.country === 'BE')).toBe(true);
    expect(patients.filter((p) => p.telecom?.[0]?.value.startsWith('+32 ') === true).length).toBeGreaterThan(
      patients.length * 0.85,
    );
  });

  it('refuses impossible options with a typed error', async () => {
    const attempt = (options: Parameters<typeof synthesize>[0]): Promise<unknown> =>
      synthesize(options).then(
        () => null,
        (e: unknown) => e,
      );
    const outDir = path.join(root, 'never');
    for (const bad of [
      { persons: 0, seed: 1, outDir },
      { persons: 10, seed: 1.5, outDir },
      { persons: 10, seed: 1, outDir, noise: { ...clean.injected.noise, duplicate: 2 } },
      { persons: 10, seed: 1, outDir, holders: [] },
      { persons: 10, seed: 1, outDir, noise: 'extreme' as 'heavy' },
    ]) {
      const e = await attempt(bad);
      expect(isAppError(e) && e.code === 'synth.invalid-options' && e.kind === 'invalid').toBe(true);
    }
  });
});

function walk(value: unknown, visit: (key: string, value: unknown) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) walk(v, visit);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      visit(k, v);
      walk(v, visit);
    }
  }
}

/** The elements FHIR R4 requires (cardinality 1..) and a few invariants that are missing from a resource. */
function missingRequired(r: Resource): string[] {
  const missing: string[] = [];
  const need = (ok: boolean, what: string): void => {
    if (!ok) missing.push(what);
  };
  switch (r.resourceType) {
    case 'Patient':
      need(
        r.identifier.some((i) => i.system === nationalIdSystem && isValidNationalId(i.value)),
        'national id',
      );
      need(r.birthDate !== undefined, 'birthDate');
      break;
    case 'Organization':
      need(r.name.length > 0, 'name');
      break;
    case 'Encounter':
      need(r.class.code.length > 0, 'class');
      need(r.period.end !== undefined && r.period.start <= r.period.end, 'period');
      break;
    case 'Condition':
      need(r.code.coding.length > 0, 'code');
      need((r.onsetDateTime ?? '') <= r.recordedDate.slice(0, 10), 'onset before recorded');
      break;
    case 'Procedure':
      need(r.code.coding.length > 0, 'code');
      need(r.performedDateTime !== undefined || r.performedPeriod !== undefined, 'performed[x]');
      break;
    case 'Observation':
      need(r.code.coding.length > 0, 'code');
      need(r.valueQuantity !== undefined || r.component !== undefined, 'value[x] or component');
      break;
    case 'Immunization':
      need(r.vaccineCode.coding.length > 0, 'vaccineCode');
      break;
    case 'Coverage':
      need(r.payor.length > 0, 'payor');
      break;
    case 'Claim':
      need(r.insurance.length > 0, 'insurance');
      need(
        Math.abs(r.total.value - r.item.reduce((s, i) => s + i.net.value, 0)) < 0.01,
        'total = sum of items',
      );
      break;
    case 'MedicationDispense':
      need(r.medicationCodeableConcept.coding.length > 0, 'medication[x]');
      break;
  }
  return missing;
}
