import { InvalidArgumentError, Option, type Command } from 'commander';
import { holderNames, holderProfiles, type HolderName } from './holder.js';
import { countries, type CountryCode } from './identities.js';
import { errorClasses, type NoiseLevel } from './noise.js';
import { synthesize, type SynthReport } from './synthesize.js';

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

const integer =
  (min: number) =>
  (value: string): number => {
    const n = Number(value.replace(/[_,]/g, ''));
    if (!Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`a whole number of at least ${min}`);
    return n;
  };

function holderList(value: string): HolderName[] {
  const list = value.split(',').map((h) => h.trim());
  const unknown = list.filter((h) => !(holderNames as readonly string[]).includes(h));
  if (unknown.length > 0)
    throw new InvalidArgumentError(
      `unknown holder(s) ${unknown.join(', ')}; choose from ${holderNames.join(', ')}`,
    );
  return holderNames.filter((h) => list.includes(h));
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-GB');
const pct = (part: number, whole: number): string =>
  whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`;

/** `salus synth`: writes a synthetic population as three data holders' FHIR deliveries. */
export function registerSynthCommand(program: Command): void {
  program
    .command('synth')
    .description(
      'generate a deterministic synthetic population as FHIR R4 Bulk Data NDJSON from a hospital, a laboratory and an insurer',
    )
    .requiredOption('--persons <n>', 'how many persons (10 to 10,000,000 and more)', integer(1))
    .requiredOption(
      '--seed <n>',
      'the seed: the same seed gives byte-identical files',
      integer(Number.MIN_SAFE_INTEGER),
    )
    .requiredOption('--out <dir>', 'output directory (one folder per data holder)')
    .addOption(
      new Option('--noise <level>', 'faults to inject and record in injected-errors.json')
        .choices(['none', 'default', 'heavy'])
        .default('default'),
    )
    .option(
      '--bundles',
      'also write one FHIR transaction Bundle per person per holder (<holder>/bundles.ndjson)',
    )
    .addOption(
      new Option('--country <code>', 'whose names, towns and telephone numbers')
        .choices(Object.keys(countries))
        .default('LT'),
    )
    .option('--holders <list>', `comma-separated subset of ${holderNames.join(', ')}`, holderList)
    .action(
      async (opts: {
        persons: number;
        seed: number;
        out: string;
        noise: NoiseLevel;
        country: CountryCode;
        bundles?: boolean;
        holders?: HolderName[];
      }) => {
        const started = performance.now();
        const tty = process.stderr.isTTY;
        let lastShown = 0;
        const progress = (done: number): void => {
          const now = performance.now();
          if (done < opts.persons && now - lastShown < (tty ? 250 : 5000)) return;
          lastShown = now;
          const rate = done / Math.max(0.001, (now - started) / 1000);
          const line = `  ${fmt(done)} / ${fmt(opts.persons)} persons (${pct(done, opts.persons)}), ${fmt(rate)} persons/s`;
          process.stderr.write(tty ? `\r${line}` : `${line}\n`);
        };
        const report = await synthesize({
          persons: opts.persons,
          seed: opts.seed,
          outDir: opts.out,
          noise: opts.noise,
          country: opts.country,
          bundles: opts.bundles === true,
          ...(opts.holders === undefined ? {} : { holders: opts.holders }),
          onProgress: progress,
        });
        if (tty) process.stderr.write('\n');
        printSummary(report, opts.noise);
      },
    );
}

export function printSummary(report: SynthReport, noise: string): void {
  const seconds = report.elapsedMs / 1000;
  const p = report.population;
  out();
  out(
    `Wrote ${fmt(report.resources)} resources (${(report.bytes / 2 ** 20).toFixed(0)} MiB) for ${fmt(report.persons)} persons to ${report.outDir}`,
  );
  out(
    `  in ${seconds.toFixed(1)} s: ${fmt(report.resources / seconds)} resources/s, ${(report.bytes / 2 ** 20 / seconds).toFixed(1)} MiB/s`,
  );
  out();
  for (const h of report.holders) {
    const counts = holderProfiles[h].resourceTypes
      .filter((t) => (report.counts[h][t] ?? 0) > 0)
      .map((t) => `${t} ${fmt(report.counts[h][t] ?? 0)}`);
    out(`  ${h.padEnd(10)} ${fmt(p.knownTo[h])} persons known: ${counts.join(', ')}`);
  }
  if (report.bundles !== null) {
    out(`  bundles    ${report.holders.map((h) => `${h} ${fmt(report.bundles?.[h] ?? 0)}`).join(', ')}`);
  }
  out();
  out('  population (truth)');
  out(
    `    alive at start ${fmt(p.aliveAtStart)}, born during the period ${fmt(p.bornDuringPeriod)}, deaths ${fmt(p.deaths)} (${pct(p.deaths, p.persons)})`,
  );
  out(
    `    type 2 diabetes ${fmt(p.type2Diabetes)} of ${fmt(p.adultsAtStart)} adults (${pct(p.type2Diabetes, p.adultsAtStart)}; ${pct(p.type2DiabetesAtStart, p.adultsAtStart)} at the start), ${pct(p.onInsulin, p.type2Diabetes)} of them on insulin`,
  );
  out(
    `    breast cancer ${fmt(p.breastCancer)} of ${fmt(p.womenAged40AtStart)} women aged 40+ (${pct(p.breastCancer, p.womenAged40AtStart)})`,
  );
  out(
    `    hypertension ${pct(p.hypertension, p.adultsAtStart)} of adults, obesity at the start ${pct(p.obesityAtStart, p.adultsAtStart)}`,
  );
  out();
  const injected = errorClasses
    .filter((c) => report.injected.byClass[c] > 0)
    .map((c) => `${c} ${fmt(report.injected.byClass[c])}`);
  out(`  noise ${noise}: ${injected.length === 0 ? 'nothing injected' : injected.join(', ')}`);
  out(`  manifest ${report.files.manifest}; injected faults ${report.files.injectedErrors}`);
}
