import { dayAtAge, dayOf, yearOf } from './calendar.js';
import { forEachYear } from './background-care.js';
import { age, minuteBetween, within, type Sim } from './sim.js';
import type { VaccineKey } from './terminology.js';

/**
 * Vaccinations, as the usual EU schedules give them: hexavalent at 2, 4 and 11 months, MMR at 12 months and
 * 6 years, HPV at 12 (two doses), seasonal influenza each autumn (about half of those 65 and over, half of
 * people with diabetes, a few others), pneumococcal once from 65.
 */
export function vaccinations(sim: Sim): void {
  const { rng, life } = sim;
  const give = (day: number, vaccine: VaccineKey): void => {
    if (within(sim, day)) life.vaccinations.push({ day, minute: minuteBetween(rng, 8, 18), vaccine });
  };
  const atAge = (years: number): number => dayAtAge(life.birth, years) + rng.int(0, 30);

  for (const months of [2, 4, 11]) if (rng.chance(0.95)) give(atAge(months / 12), 'hexavalent');
  for (const years of [1, 6]) if (rng.chance(0.93)) give(atAge(years), 'mmr');
  if (rng.chance(life.sex === 'female' ? 0.6 : 0.4)) {
    const first = atAge(12);
    give(first, 'hpv');
    give(first + rng.int(180, 220), 'hpv');
  }

  let pneumococcal = rng.chance(0.3);
  forEachYear(sim, (from, to) => {
    const autumn = dayOf(yearOf(to), 10, 1);
    const day = autumn + rng.int(0, 60);
    if (day < from || day > to) return;
    const a = age(sim, day);
    const diabetic = sim.body.type2Diabetes !== null && sim.body.type2Diabetes <= day;
    const uptake = a >= 65 ? 0.47 : diabetic ? 0.45 : a >= 18 ? 0.05 : 0.02;
    if (rng.chance(uptake)) give(day, 'influenza');
    if (pneumococcal && a >= 65) {
      give(day + rng.int(0, 20), 'pneumococcal');
      pneumococcal = false;
    }
  });
}
