import { t } from '../../i18n/index.js';
import { FieldGroup, LangTextControl, SelectControl, TextControl } from './controls.js';
import type { AgentDraft } from './draft.js';
import { useEditor } from './editor-context.js';
import { controlId } from './steps.js';
import { optionsOf } from './terms.js';

type Who = 'publisher' | 'custodian' | 'hdab';

const AgentEditor = ({
  who,
  hint,
  withType = false,
}: {
  readonly who: Who;
  readonly hint: string;
  readonly withType?: boolean;
}) => {
  const { draft, change, vocabularies } = useEditor();
  const agent = draft[who];
  const base = controlId(who);
  const set =
    <K extends keyof AgentDraft>(key: K) =>
    (value: AgentDraft[K]) => {
      change(who, (d) => ({ ...d, [who]: { ...d[who], [key]: value } }));
    };
  return (
    <FieldGroup field={who} legend={t(`catalogue.field.${who}`)} hint={hint}>
      <LangTextControl
        field={who}
        id={`${base}-name`}
        label={t('catalogue.agent.name')}
        mark={false}
        value={agent.name}
        onChange={set('name')}
      />
      {withType && (
        <SelectControl
          field={who}
          id={`${base}-type`}
          label={t('catalogue.agent.type')}
          mark={false}
          options={optionsOf(vocabularies, 'publisherTypes')}
          value={agent.type}
          onChange={set('type')}
        />
      )}
      <TextControl
        field={who}
        id={`${base}-email`}
        label={t('catalogue.contact.email')}
        mark={false}
        type="email"
        value={agent.email}
        onChange={set('email')}
      />
      <TextControl
        field={who}
        id={`${base}-url`}
        label={t('catalogue.contact.url')}
        mark={false}
        type="url"
        value={agent.url}
        onChange={set('url')}
      />
    </FieldGroup>
  );
};

export const ContactsStep = () => {
  const { draft, change } = useEditor();
  const base = controlId('contactPoint');
  return (
    <>
      <FieldGroup
        field="contactPoint"
        legend={t('catalogue.field.contactPoint')}
        hint={t('catalogue.form.contactPoint.hint')}
      >
        <TextControl
          field="contactPoint"
          id={`${base}-email`}
          label={t('catalogue.contact.email')}
          mark={false}
          type="email"
          value={draft.contactEmail}
          onChange={(contactEmail) => {
            change('contactPoint', (d) => ({ ...d, contactEmail }));
          }}
        />
        <TextControl
          field="contactPoint"
          id={`${base}-url`}
          label={t('catalogue.contact.url')}
          mark={false}
          type="url"
          value={draft.contactUrl}
          onChange={(contactUrl) => {
            change('contactPoint', (d) => ({ ...d, contactUrl }));
          }}
        />
        <TextControl
          field="contactPoint"
          id={`${base}-telephone`}
          label={t('catalogue.contact.telephone')}
          mark={false}
          type="tel"
          width="medium"
          value={draft.contactTelephone}
          onChange={(contactTelephone) => {
            change('contactPoint', (d) => ({ ...d, contactTelephone }));
          }}
        />
      </FieldGroup>
      <AgentEditor who="custodian" hint={t('catalogue.form.custodian.hint')} />
      <AgentEditor who="publisher" hint={t('catalogue.form.publisher.hint')} withType />
      <AgentEditor who="hdab" hint={t('catalogue.form.hdab.hint')} />
    </>
  );
};
