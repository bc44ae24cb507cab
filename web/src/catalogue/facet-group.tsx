import { useId, useState } from 'react';
import { t } from '../i18n/index.js';
import { formatNumber } from './labels.js';
import type { FacetValue } from './types.js';

const collapsedSize = 6;

/**
 * One facet as a group of checkboxes, each with its count and a bar as long as its share of the largest
 * count, so that the spread of the catalogue can be seen at a glance. The bars are decoration: the count
 * is in the label, where a screen reader reads it.
 */
export const FacetGroup = ({
  id,
  legend,
  values,
  selected,
  labelFor,
  onChange,
}: {
  readonly id: string;
  readonly legend: string;
  readonly values: readonly FacetValue[];
  readonly selected: readonly string[];
  /** The label of a chosen value that the server no longer lists (it matches nothing now). */
  readonly labelFor: (value: string) => string;
  readonly onChange: (selected: string[]) => void;
}) => {
  const [expanded, setExpanded] = useState(false);
  const listId = useId();
  // A chosen value stays in the list even when it now counts nothing, so that it can be unticked.
  const missing = selected
    .filter((value) => !values.some((v) => v.value === value))
    .map((value) => ({ value, label: labelFor(value), count: 0 }));
  const all = [...values, ...missing];
  if (all.length === 0) return null;
  const max = Math.max(1, ...all.map((v) => v.count));
  const shown = expanded
    ? all
    : all.filter((v, index) => index < collapsedSize || selected.includes(v.value));
  const hidden = all.length - shown.length;

  return (
    <fieldset className="facet" id={id}>
      <legend className="facet__legend">{legend}</legend>
      <ul className="facet__list" id={listId}>
        {shown.map((option) => {
          const boxId = `${id}-${String(all.indexOf(option))}`;
          const checked = selected.includes(option.value);
          return (
            <li key={option.value} className="facet__option">
              <input
                id={boxId}
                type="checkbox"
                className="checkbox__input facet__input"
                checked={checked}
                onChange={(event) => {
                  onChange(
                    event.target.checked
                      ? [...selected, option.value]
                      : selected.filter((value) => value !== option.value),
                  );
                }}
              />
              <label htmlFor={boxId} className="facet__label">
                <span className="facet__text">{option.label}</span>{' '}
                <span className="facet__count" aria-hidden="true">
                  {formatNumber(option.count)}
                </span>
                <span className="visually-hidden">
                  {option.count === 1
                    ? t('catalogue.facet.countOne')
                    : t('catalogue.facet.count', { count: formatNumber(option.count) })}
                </span>
              </label>
              <span className="facet__bar" aria-hidden="true">
                <span
                  className="facet__bar-fill"
                  style={{ width: `${String(Math.round((option.count / max) * 100))}%` }}
                />
              </span>
            </li>
          );
        })}
      </ul>
      {(hidden > 0 || expanded) && all.length > collapsedSize && (
        <button
          type="button"
          className="button button--link facet__more"
          aria-expanded={expanded}
          aria-controls={listId}
          onClick={() => {
            setExpanded((v) => !v);
          }}
        >
          {expanded ? t('catalogue.facet.showFewer') : t('catalogue.facet.showAll', { count: all.length })}
        </button>
      )}
    </fieldset>
  );
};
