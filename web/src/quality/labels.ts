import { t } from '../i18n/index.js';
import type { CategoryCounts, JobPhase, LabelElementName } from './quality-api.js';

export const levelLabel = (level: string | null): string =>
  level === 'bronze' || level === 'silver' || level === 'gold' || level === 'platinum'
    ? t(`quality.level.${level}`)
    : level === null
      ? t('quality.level.none')
      : level;

export const elementLabel = (element: LabelElementName): string => t(`quality.element.${element}`);

export const phaseLabel = (phase: JobPhase): string => t(`quality.phase.${phase}`);

export const categoryLabel = (c: Pick<CategoryCounts, 'category' | 'subcategory'>): string => {
  const category = t(`quality.category.${c.category}`);
  return c.subcategory === null ? category : `${category}: ${c.subcategory}`;
};

export const percent = (value: number | null): string =>
  value === null ? '–' : `${value.toFixed(value < 10 && value > 0 ? 2 : 1)}%`;

export const number = (n: number): string => n.toLocaleString('en-GB');
