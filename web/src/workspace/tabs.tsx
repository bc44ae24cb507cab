import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface Tab<K extends string> {
  readonly key: K;
  readonly label: string;
  readonly panel: () => ReactNode;
}

/**
 * Tabs after the WAI-ARIA pattern: one tab stop for the list, arrow keys (and Home, End) move between the
 * tabs and open them, and the open panel follows in the tab order. A panel is rendered when first opened (its
 * data load then) and kept, hidden, when another tab opens, so a query written or a result shown is still
 * there on coming back. The caller keeps which tab is open (here: in the address).
 */
export const Tabs = <K extends string>({
  label,
  tabs,
  selected,
  onSelect,
}: {
  readonly label: string;
  readonly tabs: readonly Tab<K>[];
  readonly selected: K;
  readonly onSelect: (key: K) => void;
}) => {
  const base = useId();
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const current = tabs.find((tab) => tab.key === selected) ?? tabs[0];
  const [visited, setVisited] = useState<ReadonlySet<K>>(
    () => new Set(current === undefined ? [] : [current.key]),
  );
  if (current !== undefined && !visited.has(current.key)) setVisited(new Set([...visited, current.key]));
  const move = (event: KeyboardEvent, index: number) => {
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (index - 1 + tabs.length) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? tabs.length - 1
              : null;
    const tab = next === null ? undefined : tabs[next];
    if (tab === undefined) return;
    event.preventDefault();
    onSelect(tab.key);
    refs.current.get(tab.key)?.focus();
  };
  return (
    <div className="ws-tabs">
      <div role="tablist" aria-label={label} className="ws-tabs__list">
        {tabs.map((tab, index) => {
          const on = tab.key === current?.key;
          return (
            <button
              key={tab.key}
              ref={(element) => {
                if (element === null) refs.current.delete(tab.key);
                else refs.current.set(tab.key, element);
              }}
              type="button"
              role="tab"
              id={`${base}-tab-${tab.key}`}
              aria-selected={on}
              aria-controls={`${base}-panel-${tab.key}`}
              tabIndex={on ? 0 : -1}
              className={on ? 'ws-tabs__tab ws-tabs__tab--selected' : 'ws-tabs__tab'}
              onClick={() => {
                onSelect(tab.key);
              }}
              onKeyDown={(event) => {
                move(event, index);
              }}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {tabs
        .filter((tab) => tab.key === current?.key || visited.has(tab.key))
        .map((tab) => (
          <div
            key={tab.key}
            role="tabpanel"
            id={`${base}-panel-${tab.key}`}
            aria-labelledby={`${base}-tab-${tab.key}`}
            className="ws-tabs__panel"
            tabIndex={0}
            hidden={tab.key !== current?.key}
          >
            {tab.panel()}
          </div>
        ))}
    </div>
  );
};
