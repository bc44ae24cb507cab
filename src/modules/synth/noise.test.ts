import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOfIso } from './calendar.js';
import { holderNames, type HolderName } from './holder.js';
import { errorClasses, lateAfterDays, type ErrorClass, type Injection } from './noise.js';
import { eventDate, patientOf, readDelivery, readNdjson, type Delivery } from './read-delivery.js';
import { synthesize, type SynthReport } from './synthesize.js';
import { measurements } from './terminology.js';

interface Truth {
  readonly nationalId: string;
  readonly deathDate: string | null;
  readonly patientIds: Readonly<Record<HolderName, string | null>>;
}

let root: string;
let noisy: SynthReport;
let clean: SynthReport;
let noisyDelivery: Delivery;
let cleanDelivery: Delivery;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'salus-synth-noise-'));
  noisy = await synthesize({ persons: 1500, seed: 99, outDir: path.join(root, 'heavy'), noise: 'heavy' });
  clean = await synthesize({ persons: 1500, seed: 99, outDir: path.join(root, 'clean'), noise: 'none' });
  noisyDelivery = readDelivery(noisy.outDir);
  cleanDelivery = readDelivery(clean.outDir);
}, 300_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const byLoinc = new Map(Object.values(measurements).map((m) => [m.loinc, m]));
const glucose = measurements.fastingGlucose.loinc;

/** key: class/holder/type; value: the ids found (a duplicated id once per extra copy). */
type Findings = Map<string, string[]>;

/**
 * Looks for each class of fault in a delivery the way a quality check would, knowing only the files and the
 * ground truth (for deaths).
 */
function findFaults(dir: string, delivery: Delivery): Findings {
  const truth = readNdjson<Truth>(path.join(dir, 'ground-truth.ndjson'));
  const found: Findings = new Map();
  const add = (cls: ErrorClass, holder: HolderName, type: string, id: string): void => {
    const key = `${cls}/${holder}/${type}`;
    found.set(key, [...(found.get(key) ?? []), id]);
  };
  for (const holder of holderNames) {
    const death = new Map<string, string>();
    for (const t of truth) {
      const id = t.patientIds[holder];
      if (id !== null && t.deathDate !== null) death.set(id, t.deathDate);
    }
    for (const [type, lines] of delivery[holder]) {
      const seen = new Set<string>();
      for (const { resource: r } of lines) {
        if (seen.has(r.id)) {
          add('duplicate', holder, type, r.id);
          continue;
        }
        seen.add(r.id);
        if (r.resourceType === 'Patient' && r.birthDate === undefined)
          add('missing-value', holder, type, r.id);
        if (r.resourceType === 'Observation') {
          const code = r.code.coding[0]?.code ?? '';
          const q = r.valueQuantity;
          if (q === undefined && r.component === undefined) add('missing-value', holder, type, r.id);
          if (q !== undefined && code === glucose && q.unit === 'mmol/L')
            add('unit-variant', holder, type, r.id);
          // Plausible ranges hold in the code's own unit (a unit variant is a fault of its own).
          const m = byLoinc.get(code);
          if (
            q !== undefined &&
            m !== undefined &&
            q.unit === m.unit &&
            (q.value < m.plausible[0] || q.value > m.plausible[1])
          ) {
            add('impossible-value', holder, type, r.id);
          }
        }
        const event = eventDate(r);
        const patient = patientOf(r);
        const died = patient === null ? undefined : death.get(patient);
        if (event !== null && died !== undefined && event > died)
          add('event-after-death', holder, type, r.id);
        if (event !== null && dayOfIso(r.meta.lastUpdated) - dayOfIso(event) > lateAfterDays) {
          add('late-delivery', holder, type, r.id);
        }
      }
    }
  }
  return found;
}

describe('injected faults', { timeout: 60_000 }, () => {
  it('are all of the kinds asked for, in roughly the proportions asked for', () => {
    const { byClass, noise } = noisy.injected;
    for (const c of errorClasses) expect(byClass[c], c).toBeGreaterThan(0);
    const observations = noisy.counts.laboratory.Observation ?? 0;
    expect(byClass['missing-value'] / observations).toBeGreaterThan(noise.missingValue * 0.7);
    expect(byClass['missing-value'] / observations).toBeLessThan(noise.missingValue * 1.5);
    expect(byClass.duplicate / noisy.resources).toBeGreaterThan(noise.duplicate * 0.7);
    expect(byClass.duplicate / noisy.resources).toBeLessThan(noise.duplicate * 1.3);
  });

  it('are found in the files exactly as the log records them: same classes, holders, types, ids and counts', () => {
    const found = findFaults(noisy.outDir, noisyDelivery);
    const logged: Findings = new Map();
    for (const i of readNdjson<Injection>(path.join(noisy.outDir, 'injected-errors.ndjson'))) {
      const key = `${i.class}/${i.holder}/${i.resourceType}`;
      logged.set(key, [...(logged.get(key) ?? []), i.id]);
    }
    const sorted = (m: Findings): Record<string, string[]> =>
      Object.fromEntries(
        [...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, ids]) => [k, [...ids].sort()]),
      );
    expect(sorted(found)).toEqual(sorted(logged));

    const summary = JSON.parse(readFileSync(path.join(noisy.outDir, 'injected-errors.json'), 'utf8')) as {
      total: number;
      byHolder: Record<string, Record<string, Record<string, number>>>;
    };
    const counted: Record<string, number> = {};
    for (const [holder, types] of Object.entries(summary.byHolder)) {
      for (const [type, classes] of Object.entries(types)) {
        for (const [cls, n] of Object.entries(classes)) counted[`${cls}/${holder}/${type}`] = n;
      }
    }
    expect(counted).toEqual(Object.fromEntries([...found].map(([k, ids]) => [k, ids.length])));
    expect(summary.total).toBe([...found.values()].reduce((s, ids) => s + ids.length, 0));
  });

  it('touch nothing else: apart from the logged resources, the noisy delivery is the clean one', () => {
    const injected = new Set(
      readNdjson<Injection>(path.join(noisy.outDir, 'injected-errors.ndjson')).map((i) => i.id),
    );
    const dirty = noisyDelivery;
    const pure = cleanDelivery;
    const changed: string[] = [];
    for (const holder of holderNames) {
      for (const [type, lines] of pure[holder]) {
        const noisyLines = new Map(
          (dirty[holder].get(type) ?? []).map((l) => [l.resource.id, JSON.stringify(l.resource)]),
        );
        expect(noisyLines.size, `${holder} ${type}`).toBe(lines.length);
        for (const { resource } of lines) {
          if (noisyLines.get(resource.id) !== JSON.stringify(resource)) changed.push(resource.id);
        }
      }
    }
    // Every changed resource is logged; logged ones that did not change are the duplicates (copied verbatim).
    expect(changed.filter((id) => !injected.has(id))).toEqual([]);
    expect(changed.length).toBe(noisy.injected.total - noisy.injected.byClass.duplicate);
  });

  it('are absent when no noise is asked for, and no event comes after its death', () => {
    expect(findFaults(clean.outDir, cleanDelivery)).toEqual(new Map());
    expect(clean.injected.total).toBe(0);
    expect(readFileSync(path.join(clean.outDir, 'injected-errors.ndjson'), 'utf8')).toBe('');
  });
});
