import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../platform/errors/index.js';
import { ageAt, isoDate, isoDateTime } from './calendar.js';
import type { Bundle, ResourceType } from './fhir-r4.js';
import { holderNames, holderProfiles, nationalIdSystem, type Emitted, type HolderName } from './holder.js';
import { holderContext, type HolderContext } from './holder-context.js';
import { hospitalRecords } from './hospital.js';
import { countries, drawIdentity, nationalIdOf, type CountryCode, type Identity } from './identities.js';
import { insurerRecords } from './insurer.js';
import { laboratoryRecords } from './laboratory.js';
import { extractDay, period, type Life } from './life.js';
import { NdjsonSink } from './ndjson-sink.js';
import {
  errorClasses,
  injectNoise,
  isSilent,
  lateAfterDays,
  noiseLevels,
  type ErrorClass,
  type Injection,
  type NoiseLevel,
  type NoiseOptions,
} from './noise.js';
import { Prng, streamSeed } from './prng.js';
import { simulateLife } from './simulate.js';

export interface SynthOptions {
  /** How many persons: everyone alive at the start of the period plus those born during it. */
  readonly persons: number;
  /** Any safe integer; the same seed gives byte-identical files. */
  readonly seed: number;
  readonly outDir: string;
  /** Fault rates, or a level (none, default, heavy). Default: the `default` level. */
  readonly noise?: NoiseOptions | NoiseLevel;
  /** Also write one FHIR transaction Bundle per person per holder (`<holder>/bundles.ndjson`). */
  readonly bundles?: boolean;
  /** Whose names, towns and telephone numbers (default LT, the demo node's country). */
  readonly country?: CountryCode;
  /** Which holders to write (default all three); the others' data is not changed by leaving one out. */
  readonly holders?: readonly HolderName[];
  /** Called every 1,000 persons and at the end with the number of persons done. */
  readonly onProgress?: (done: number) => void;
}

export type ResourceCounts = Readonly<Partial<Record<ResourceType, number>>>;

export interface InjectionSummary {
  readonly noise: NoiseOptions;
  readonly total: number;
  readonly byClass: Readonly<Record<ErrorClass, number>>;
  /** holder → resource type → class → count. */
  readonly byHolder: Readonly<
    Record<HolderName, Readonly<Partial<Record<ResourceType, Readonly<Partial<Record<ErrorClass, number>>>>>>>
  >;
}

/** The population as it truly is (from the simulation, not from the files). */
export interface PopulationSummary {
  readonly persons: number;
  readonly aliveAtStart: number;
  readonly bornDuringPeriod: number;
  readonly adultsAtStart: number;
  readonly womenAged40AtStart: number;
  readonly aged65AtStart: number;
  readonly deaths: number;
  /** Adults at the start with hypertension at some point in the period. */
  readonly hypertension: number;
  readonly obesityAtStart: number;
  /** Adults at the start with type 2 diabetes at some point in the period (already, or diagnosed during it). */
  readonly type2Diabetes: number;
  readonly type2DiabetesAtStart: number;
  readonly type2DiabetesIncident: number;
  readonly onInsulin: number;
  /** Women aged 40 or more at the start diagnosed with breast cancer during the period. */
  readonly breastCancer: number;
  readonly breastCancerDeaths: number;
  readonly knownTo: Readonly<Record<HolderName, number>>;
}

export interface SynthReport {
  readonly persons: number;
  readonly seed: number;
  readonly outDir: string;
  readonly transactionTime: string;
  readonly holders: readonly HolderName[];
  /** Lines written per holder per resource type (duplicates included). */
  readonly counts: Readonly<Record<HolderName, ResourceCounts>>;
  readonly resources: number;
  /** Transaction Bundles written per holder, or null when none were asked for. */
  readonly bundles: Readonly<Partial<Record<HolderName, number>>> | null;
  readonly bytes: number;
  readonly injected: InjectionSummary;
  readonly population: PopulationSummary;
  readonly elapsedMs: number;
  readonly files: {
    readonly manifest: string;
    readonly injectedErrors: string;
    readonly injectedErrorsDetail: string;
    readonly groundTruth: string;
  };
}

const build: Readonly<
  Record<HolderName, (life: Life, identity: Identity, ctx: HolderContext) => Emitted[] | null>
> = {
  hospital: hospitalRecords,
  laboratory: laboratoryRecords,
  insurer: insurerRecords,
};

/** Stream numbers: what each person's generators draw from (see prng.ts). */
const streams = { life: 0, identity: 1, ids: 10, noise: 20 } as const;

/** References inside a person's Bundle point at its entries; references to Organization stay literal. */
const bundleReference = /"reference":"(?:Patient|Encounter|Condition|Coverage)\//g;

export const transactionTime = isoDateTime(extractDay, 6 * 60);

function resolveNoise(noise: SynthOptions['noise']): NoiseOptions {
  if (noise === undefined) return noiseLevels.default;
  if (typeof noise !== 'string') return noise;
  if (!Object.hasOwn(noiseLevels, noise)) {
    throw new AppError('invalid', 'synth.invalid-options', `There is no noise level "${noise}".`, [
      { path: 'noise', message: `one of ${Object.keys(noiseLevels).join(', ')}` },
    ]);
  }
  return noiseLevels[noise];
}

function levelName(noise: NoiseOptions): string {
  for (const [name, level] of Object.entries(noiseLevels)) {
    if (JSON.stringify(level) === JSON.stringify(noise)) return name;
  }
  return 'custom';
}

function validate(options: SynthOptions, noise: NoiseOptions, holders: readonly HolderName[]): void {
  const errors: { path: string; message: string }[] = [];
  if (!Number.isInteger(options.persons) || options.persons < 1 || options.persons > 0xffffffff) {
    errors.push({ path: 'persons', message: 'a whole number from 1 to 4,294,967,295' });
  }
  if (!Number.isSafeInteger(options.seed)) errors.push({ path: 'seed', message: 'a whole number' });
  for (const [name, rate] of Object.entries(noise)) {
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      errors.push({ path: `noise.${name}`, message: 'a rate between 0 and 1' });
    }
  }
  const perResource =
    noise.missingValue + noise.unitVariant + noise.impossibleValue + noise.duplicate + noise.lateDelivery;
  if (perResource > 1)
    errors.push({ path: 'noise', message: 'the per-resource rates add up to more than 1' });
  if (holders.length === 0) errors.push({ path: 'holders', message: 'at least one data holder' });
  if (options.country !== undefined && !(options.country in countries)) {
    errors.push({ path: 'country', message: `one of ${Object.keys(countries).join(', ')}` });
  }
  for (const h of holders) {
    if (!holderNames.includes(h)) errors.push({ path: 'holders', message: `unknown data holder ${h}` });
  }
  if (errors.length > 0) {
    throw new AppError(
      'invalid',
      'synth.invalid-options',
      'The synthetic population cannot be made with these options.',
      errors,
    );
  }
}

/**
 * Generates the synthetic population person by person and writes each holder's delivery as it goes: FHIR R4
 * Bulk Data NDJSON (`<outDir>/<holder>/<ResourceType>.ndjson`), manifests, optionally transaction Bundles, the
 * log of injected faults and the ground truth. Memory does not grow with the number of persons.
 */
const nationalKeyOf = (seed: number): number => streamSeed(seed, 0xffffffff, 7);

/** The national identifier of person `index` in the population a seed generates (the demo's citizens). */
export function nationalIdOfPerson(seed: number, index: number): string {
  return nationalIdOf(index, nationalKeyOf(seed));
}

export async function synthesize(options: SynthOptions): Promise<SynthReport> {
  const started = performance.now();
  const noise = resolveNoise(options.noise);
  const holders = holderNames.filter((h) => (options.holders ?? holderNames).includes(h));
  validate(options, noise, options.holders ?? holderNames);
  const { persons, seed, outDir } = options;
  const noisy = !isSilent(noise);
  const withBundles = options.bundles === true;

  await mkdir(outDir, { recursive: true });
  for (const h of holders) await mkdir(path.join(outDir, h), { recursive: true });

  const country = countries[options.country ?? 'LT'];
  const contexts = new Map(holders.map((h) => [h, holderContext(h, seed, country)] as const));
  const sinks: NdjsonSink[] = [];
  const sink = (file: string): NdjsonSink => {
    const s = new NdjsonSink(path.join(outDir, file));
    sinks.push(s);
    return s;
  };
  // One file per holder and resource type, opened when its first line comes.
  const files = Object.fromEntries(
    holderNames.map((h) => [h, new Map<ResourceType, NdjsonSink>()]),
  ) as Record<HolderName, Map<ResourceType, NdjsonSink>>;
  const write = (holder: HolderName, type: ResourceType, line: string): void => {
    let s = files[holder].get(type);
    if (s === undefined) {
      s = sink(`${holder}/${type}.ndjson`);
      files[holder].set(type, s);
    }
    s.add(line);
  };
  const bundleFiles = new Map<HolderName, NdjsonSink>();
  if (withBundles) for (const h of holders) bundleFiles.set(h, sink(`${h}/bundles.ndjson`));
  const byClass = Object.fromEntries(errorClasses.map((c) => [c, 0])) as Record<ErrorClass, number>;
  const byHolder = Object.fromEntries(holderNames.map((h) => [h, {}])) as Record<
    HolderName,
    Partial<Record<ResourceType, Partial<Record<ErrorClass, number>>>>
  >;
  const injectionLog = sink('injected-errors.ndjson');
  const truthLog = sink('ground-truth.ndjson');
  const record = (injection: Injection): void => {
    byClass[injection.class]++;
    const perType = (byHolder[injection.holder][injection.resourceType] ??= {});
    perType[injection.class] = (perType[injection.class] ?? 0) + 1;
    injectionLog.add(JSON.stringify(injection));
  };

  try {
    for (const h of holders) {
      const ctx = contexts.get(h);
      if (ctx === undefined) continue;
      for (const org of ctx.organizations) write(h, 'Organization', JSON.stringify(org));
      if (withBundles) {
        const bundle: Bundle = {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: ctx.organizations.map((o) => ({
            fullUrl: `urn:uuid:${o.id}`,
            resource: o,
            request: { method: 'PUT', url: `Organization/${o.id}` },
          })),
        };
        bundleFiles.get(h)?.add(JSON.stringify(bundle));
      }
    }

    const lifeRng = new Prng(0);
    const identityRng = new Prng(0);
    const noiseRng = new Prng(0);
    const nationalKey = nationalKeyOf(seed);
    const population = newPopulation();

    for (let i = 0; i < persons; i++) {
      const life = simulateLife(i, lifeRng.reseed(streamSeed(seed, i, streams.life)));
      const identity = drawIdentity(
        identityRng.reseed(streamSeed(seed, i, streams.identity)),
        country,
        life.sex,
        ageAt(life.birth, period.end) >= 20,
        nationalIdOf(i, nationalKey),
      );
      const patientIds: Partial<Record<HolderName, string>> = {};
      for (const h of holders) {
        const ctx = contexts.get(h);
        if (ctx === undefined) continue;
        const code = holderProfiles[h].code;
        ctx.rng.reseed(streamSeed(seed, i, streams.ids + code));
        ctx.ids.begin(i, ctx.rng);
        const emitted = build[h](life, identity, ctx);
        if (emitted === null) continue;
        patientIds[h] = emitted[0]?.resource.id ?? '';
        const duplicates = noisy
          ? injectNoise(
              emitted,
              h,
              life,
              identity.nationalId,
              noise,
              noiseRng.reseed(streamSeed(seed, i, streams.noise + code)),
              record,
            )
          : null;
        for (let k = 0; k < emitted.length; k++) {
          const r = emitted[k]?.resource;
          if (r === undefined) continue;
          const line = JSON.stringify(r);
          write(h, r.resourceType, line);
          if (duplicates?.has(k) === true) write(h, r.resourceType, line);
        }
        if (withBundles) {
          const bundle: Bundle = {
            resourceType: 'Bundle',
            type: 'transaction',
            entry: emitted.map((e) => ({
              fullUrl: `urn:uuid:${e.resource.id}`,
              resource: e.resource,
              request: { method: 'POST', url: e.resource.resourceType },
            })),
          };
          bundleFiles.get(h)?.add(JSON.stringify(bundle).replace(bundleReference, '"reference":"urn:uuid:'));
        }
      }
      truthLog.add(JSON.stringify(truthOf(life, identity, patientIds)));
      count(population, life, patientIds);

      if ((i + 1) % 1000 === 0) options.onProgress?.(i + 1);
      for (const s of sinks) if (s.needsDrain) await s.drained();
    }
    options.onProgress?.(persons);
    for (const s of sinks) await s.close();

    const counts = Object.fromEntries(
      holderNames.map((h) => [h, Object.fromEntries([...files[h]].map(([type, s]) => [type, s.lines]))]),
    ) as Record<HolderName, ResourceCounts>;
    const bundleCounts: Partial<Record<HolderName, number>> = {};
    for (const [h, s] of bundleFiles) bundleCounts[h] = s.lines;

    const injected: InjectionSummary = {
      noise,
      total: errorClasses.reduce((sum, c) => sum + byClass[c], 0),
      byClass,
      byHolder,
    };
    const written = await writeManifests(options, holders, counts, withBundles, noise, injected);
    let bytes = 0;
    for (const s of sinks) bytes += s.bytes;
    const total = holders.reduce((sum, h) => sum + Object.values(counts[h]).reduce((a, n) => a + n, 0), 0);
    return {
      persons,
      seed,
      outDir,
      transactionTime,
      holders,
      counts,
      resources: total,
      bundles: withBundles ? bundleCounts : null,
      bytes,
      injected,
      population,
      elapsedMs: performance.now() - started,
      files: written,
    };
  } catch (e) {
    for (const s of sinks) s.destroy();
    throw e;
  }
}

type MutablePopulation = { -readonly [K in keyof PopulationSummary]: PopulationSummary[K] } & {
  knownTo: Record<HolderName, number>;
};

function newPopulation(): MutablePopulation {
  return {
    persons: 0,
    aliveAtStart: 0,
    bornDuringPeriod: 0,
    adultsAtStart: 0,
    womenAged40AtStart: 0,
    aged65AtStart: 0,
    deaths: 0,
    hypertension: 0,
    obesityAtStart: 0,
    type2Diabetes: 0,
    type2DiabetesAtStart: 0,
    type2DiabetesIncident: 0,
    onInsulin: 0,
    breastCancer: 0,
    breastCancerDeaths: 0,
    knownTo: { hospital: 0, laboratory: 0, insurer: 0 },
  };
}

function count(p: MutablePopulation, life: Life, patientIds: Partial<Record<HolderName, string>>): void {
  const t = life.truth;
  p.persons++;
  if (life.bornDuringPeriod) p.bornDuringPeriod++;
  else p.aliveAtStart++;
  if (life.death !== null) p.deaths++;
  const age = life.bornDuringPeriod ? 0 : ageAt(life.birth, period.start);
  const adult = !life.bornDuringPeriod && age >= 18;
  if (adult) {
    p.adultsAtStart++;
    if (t.hypertension !== null) p.hypertension++;
    if (t.obesityAtStart) p.obesityAtStart++;
    if (t.type2Diabetes !== null) {
      p.type2Diabetes++;
      if (t.type2Diabetes.prevalent) p.type2DiabetesAtStart++;
      else p.type2DiabetesIncident++;
      if (t.type2Diabetes.insulin !== null) p.onInsulin++;
    }
  }
  if (!life.bornDuringPeriod && age >= 65) p.aged65AtStart++;
  if (!life.bornDuringPeriod && life.sex === 'female' && age >= 40) {
    p.womenAged40AtStart++;
    if (t.breastCancer !== null) p.breastCancer++;
  }
  if (t.causeOfDeath === 'breast cancer') p.breastCancerDeaths++;
  for (const h of holderNames) if (patientIds[h] !== undefined) p.knownTo[h]++;
}

const dateOrNull = (day: number | null): string | null => (day === null ? null : isoDate(day));

/** One line of ground-truth.ndjson: the answer key (never to be ingested: it links everything). */
function truthOf(life: Life, identity: Identity, patientIds: Partial<Record<HolderName, string>>): object {
  const t = life.truth;
  const d = t.type2Diabetes;
  const b = t.breastCancer;
  return {
    person: life.index,
    nationalId: identity.nationalId,
    sex: life.sex,
    birthDate: isoDate(life.birth),
    bornDuringPeriod: life.bornDuringPeriod,
    deathDate: dateOrNull(life.death),
    causeOfDeath: t.causeOfDeath,
    patientIds: {
      hospital: patientIds.hospital ?? null,
      laboratory: patientIds.laboratory ?? null,
      insurer: patientIds.insurer ?? null,
    },
    hypertension: dateOrNull(t.hypertension),
    obesityAtStart: t.obesityAtStart,
    type2Diabetes:
      d === null
        ? null
        : {
            onset: isoDate(d.onset),
            prevalent: d.prevalent,
            metformin: dateOrNull(d.metformin),
            secondLine: dateOrNull(d.secondLine),
            insulin: dateOrNull(d.insulin),
            retinopathy: dateOrNull(d.retinopathy),
            nephropathy: dateOrNull(d.nephropathy),
            neuropathy: dateOrNull(d.neuropathy),
          },
    breastCancer:
      b === null
        ? null
        : {
            diagnosis: isoDate(b.diagnosis),
            stage: b.stage,
            screenDetected: b.screenDetected,
            mammography: isoDate(b.mammography),
            surgery: dateOrNull(b.surgery),
            surgeryType: b.surgeryType,
            chemotherapy: dateOrNull(b.chemotherapy),
            radiotherapy: dateOrNull(b.radiotherapy),
            endocrineTherapy: dateOrNull(b.endocrineTherapy),
          },
  };
}

async function writeManifests(
  options: SynthOptions,
  holders: readonly HolderName[],
  counts: Readonly<Record<HolderName, ResourceCounts>>,
  withBundles: boolean,
  noise: NoiseOptions,
  injected: InjectionSummary,
): Promise<SynthReport['files']> {
  const { outDir, persons, seed } = options;
  const request = `salus synth --persons ${persons} --seed ${seed} --noise ${levelName(noise)} --country ${options.country ?? 'LT'}${withBundles ? ' --bundles' : ''}`;
  const outputOf = (h: HolderName, prefix: string): { type: ResourceType; url: string; count: number }[] =>
    holderProfiles[h].resourceTypes
      .filter((t) => (counts[h][t] ?? 0) > 0)
      .map((t) => ({ type: t, url: `${prefix}${t}.ndjson`, count: counts[h][t] ?? 0 }));
  const extension = {
    generator: 'salus synth',
    seed,
    persons,
    country: options.country ?? 'LT',
    period: { start: isoDate(period.start), end: isoDate(period.end) },
    nationalIdSystem,
    note: 'urls are relative to this manifest',
  };
  for (const h of holders) {
    const manifest = {
      transactionTime,
      request: `${request} (holder ${h})`,
      requiresAccessToken: false,
      output: outputOf(h, ''),
      error: [],
      extension: {
        ...extension,
        holder: h,
        organisation: holderProfiles[h].organisation.name,
        patientIdSystem: holderProfiles[h].patientIdSystem,
        ...(withBundles ? { bundles: 'bundles.ndjson' } : {}),
      },
    };
    await writeFile(path.join(outDir, h, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  const manifest = {
    transactionTime,
    request,
    requiresAccessToken: false,
    output: holders.flatMap((h) => outputOf(h, `${h}/`)),
    error: [],
    extension: {
      ...extension,
      holders: Object.fromEntries(
        holders.map((h) => [
          h,
          {
            organisation: holderProfiles[h].organisation.name,
            patientIdSystem: holderProfiles[h].patientIdSystem,
            manifest: `${h}/manifest.json`,
            output: outputOf(h, `${h}/`),
            ...(withBundles ? { bundles: `${h}/bundles.ndjson` } : {}),
          },
        ]),
      ),
      injectedErrors: 'injected-errors.json',
      groundTruth: 'ground-truth.ndjson',
    },
  };
  const files = {
    manifest: path.join(outDir, 'manifest.json'),
    injectedErrors: path.join(outDir, 'injected-errors.json'),
    injectedErrorsDetail: path.join(outDir, 'injected-errors.ndjson'),
    groundTruth: path.join(outDir, 'ground-truth.ndjson'),
  };
  await writeFile(files.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  const log = {
    seed,
    persons,
    noise,
    rules: {
      lateDeliveryAfterDays: lateAfterDays,
      note: 'Each faulty resource carries exactly one class. Every injection, with its resource id, is one line of injected-errors.ndjson; duplicates are extra NDJSON lines, never extra Bundle entries.',
    },
    total: injected.total,
    byClass: injected.byClass,
    byHolder: Object.fromEntries(holders.map((h) => [h, injected.byHolder[h]])),
    detail: 'injected-errors.ndjson',
  };
  await writeFile(files.injectedErrors, `${JSON.stringify(log, null, 2)}\n`);
  return files;
}
