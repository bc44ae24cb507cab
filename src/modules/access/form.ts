import type { FieldError } from '../../platform/errors/index.js';
import {
  applicationCriteria,
  dataRequestCriteria,
  publicSectorPurposes,
  type ApplicationForm,
  type Criterion,
} from './schemas.js';
import type { Track } from './tables.js';

const blank = (s: string | undefined): boolean => s === undefined || s.trim() === '';

/**
 * What a submission still lacks, field by field: Art 67 content for an application, Art 69 content for a
 * data request. An empty list means the form is complete.
 */
export function missingFields(track: Track, form: ApplicationForm): FieldError[] {
  const missing: FieldError[] = [];
  const need = (field: keyof ApplicationForm, message: string): void => {
    missing.push({ path: `/form/${field}`, message });
  };
  if (blank(form.title)) need('title', 'give the application a title');
  if (form.purpose === undefined) need('purpose', 'choose the purpose (Art 53(1))');
  else if (publicSectorPurposes.includes(form.purpose) && form.publicSectorBody !== true)
    need('purpose', 'purposes (a) to (c) of Art 53(1) are open to public-sector bodies only');
  if (blank(form.intendedUse)) need('intendedUse', 'describe the intended use of the data');
  if (blank(form.expectedBenefit)) need('expectedBenefit', 'describe the expected benefit');
  if ((form.datasets?.length ?? 0) === 0) need('datasets', 'add at least one dataset from the catalogue');
  if (form.period !== undefined && form.period.from > form.period.to)
    need('period', 'the period must end after it starts');
  if (form.noProhibitedUse !== true)
    need('noProhibitedUse', 'declare that the data will not be used for any purpose Art 54 prohibits');

  if (track === 'data_request') {
    if (blank(form.statistics)) need('statistics', 'describe the anonymised statistics you ask for');
    if (form.dataForm === 'pseudonymised')
      need(
        'dataForm',
        'a data request is answered with anonymised statistics only; apply for a permit instead',
      );
    return missing;
  }
  if (form.period === undefined) need('period', 'give the period the data should cover');
  if (form.dataForm === undefined) need('dataForm', 'say whether anonymised data suffice');
  if (form.dataForm === 'pseudonymised' && blank(form.pseudonymisationJustification))
    need(
      'pseudonymisationJustification',
      'explain why anonymised data do not suffice for the purpose (Art 66)',
    );
  if (blank(form.safeguards))
    need('safeguards', 'describe the safeguards against misuse and re-identification');
  if (form.durationMonths === undefined) need('durationMonths', 'give the period you need the data for');
  if ((form.namedPersons?.length ?? 0) === 0)
    need('namedPersons', 'name at least one person who will access the data');
  if (form.ethics === undefined) need('ethics', 'say whether an ethics approval is required');
  else if (form.ethics.required && blank(form.ethics.reference))
    need('ethics', 'give the reference of the ethics approval');
  return missing;
}

export const criteriaOf = (track: Track): readonly Criterion[] =>
  track === 'application' ? applicationCriteria : dataRequestCriteria;
