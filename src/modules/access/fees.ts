import type { Config } from '../../platform/config/index.js';
import type { ApplicationForm, FeeEstimate } from './schemas.js';
import type { Track } from './tables.js';

type Tariff = Config['access']['tariff'];

const round = (n: number): number => Math.round(n * 100) / 100;

/**
 * Art 62: a cost-based estimate, given before the decision: the evaluation (or the data request) fee, the
 * data steward's preparation hours per dataset asked for, and the secure environment for the months asked.
 */
export function estimateFees(tariff: Tariff, track: Track, form: ApplicationForm): FeeEstimate {
  const datasets = form.datasets?.length ?? 0;
  const hours = datasets * tariff.preparationHoursPerDataset;
  const lines: FeeEstimate['lines'] = [
    track === 'application'
      ? { item: 'evaluation', quantity: 1, unitPrice: tariff.evaluation, amount: tariff.evaluation }
      : { item: 'data_request', quantity: 1, unitPrice: tariff.dataRequest, amount: tariff.dataRequest },
    {
      item: 'preparation_hours',
      quantity: hours,
      unitPrice: tariff.preparationHour,
      amount: round(hours * tariff.preparationHour),
    },
  ];
  if (track === 'application') {
    const months = form.durationMonths ?? 0;
    lines.push({
      item: 'secure_environment_months',
      quantity: months,
      unitPrice: tariff.computeMonth,
      amount: round(months * tariff.computeMonth),
    });
  }
  return { currency: 'EUR', lines, total: round(lines.reduce((sum, l) => sum + l.amount, 0)) };
}

/** The fee of an amendment (a new version of a permit: term, purpose, named persons; no new data). */
export function amendmentFee(tariff: Tariff): FeeEstimate {
  return {
    currency: 'EUR',
    lines: [{ item: 'amendment', quantity: 1, unitPrice: tariff.amendment, amount: tariff.amendment }],
    total: tariff.amendment,
  };
}
