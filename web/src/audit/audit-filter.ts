import { auditOutcomes, type AuditFilter, type AuditOutcome } from '../api.js';

/** The filter form's fields as typed, also kept in the page's address so a search can be shared or bookmarked. */
export interface FilterValues {
  readonly actor: string;
  readonly action: string;
  readonly outcome: AuditOutcome | '';
  readonly targetType: string;
  readonly targetId: string;
  /** `YYYY-MM-DD`, as a date input gives it. */
  readonly from: string;
  readonly to: string;
}

export const filterFields = ['actor', 'action', 'outcome', 'targetType', 'targetId', 'from', 'to'] as const;
export type FilterField = (typeof filterFields)[number];

export const emptyFilter: FilterValues = {
  actor: '',
  action: '',
  outcome: '',
  targetType: '',
  targetId: '',
  from: '',
  to: '',
};

const isOutcome = (value: string): value is AuditOutcome =>
  (auditOutcomes as readonly string[]).includes(value);
const isDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value);

export const filterFromParams = (params: URLSearchParams): FilterValues => {
  const get = (name: string): string => params.get(name)?.trim() ?? '';
  const outcome = get('outcome');
  return {
    actor: get('actor'),
    action: get('action'),
    outcome: isOutcome(outcome) ? outcome : '',
    targetType: get('targetType'),
    targetId: get('targetId'),
    from: isDate(get('from')) ? get('from') : '',
    to: isDate(get('to')) ? get('to') : '',
  };
};

export const filterToParams = (values: FilterValues): Record<string, string> =>
  Object.fromEntries(filterFields.map((f) => [f, values[f].trim()] as const).filter(([, v]) => v !== ''));

/** The API's filter; whole UTC days, matching the times the table shows. */
export const toApiFilter = (values: FilterValues): AuditFilter => ({
  ...(values.actor === '' ? {} : { actor: values.actor }),
  ...(values.action === '' ? {} : { action: values.action }),
  ...(values.outcome === '' ? {} : { outcome: values.outcome }),
  ...(values.targetType === '' ? {} : { targetType: values.targetType }),
  ...(values.targetId === '' ? {} : { targetId: values.targetId }),
  ...(values.from === '' ? {} : { from: `${values.from}T00:00:00.000Z` }),
  ...(values.to === '' ? {} : { to: `${values.to}T23:59:59.999Z` }),
});
