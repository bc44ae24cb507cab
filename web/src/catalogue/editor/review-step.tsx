import { Link } from 'react-router';
import { t } from '../../i18n/index.js';
import {
  GroupHeadingLevel,
  AboutGroup,
  ContactGroup,
  CoverageGroup,
  DistributionsGroup,
  HealthGroup,
  LegalGroup,
  VariablesGroup,
} from '../record-view.js';
import { recordFromDraft } from './draft.js';
import { useEditor } from './editor-context.js';

/** The description as the catalogue will show it, before it is saved or submitted. */
export const ReviewStep = ({ stepHref }: { readonly stepHref: (step: 'basics') => string }) => {
  const { draft, labels } = useEditor();
  if (draft.accessRights === '') {
    return (
      <div className="notice">
        <p>{t('catalogue.review.noLevel')}</p>
        <p>
          <Link to={stepHref('basics')}>{t('catalogue.review.chooseLevel')}</Link>
        </p>
      </div>
    );
  }
  const record = recordFromDraft(draft, draft.accessRights, (iri) => labels.get(iri));
  const shown = { ...record, iri: record.iri ?? '' };
  return (
    <GroupHeadingLevel value={3}>
      <div className="review">
        <AboutGroup record={shown} labels={labels} />
        <CoverageGroup record={shown} labels={labels} />
        <HealthGroup record={shown} labels={labels} />
        <LegalGroup record={shown} labels={labels} />
        <ContactGroup record={shown} labels={labels} />
        <DistributionsGroup record={shown} labels={labels} />
        <VariablesGroup record={shown} labels={labels} />
      </div>
    </GroupHeadingLevel>
  );
};
