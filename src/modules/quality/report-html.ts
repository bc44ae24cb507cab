/**
 * The quality report as one self-contained HTML page (no scripts, no external files) that a data holder
 * keeps or prints: the label and why, results per Kahn category, the failing checks, completeness per field,
 * value distributions with the outliers, and the lake's facts. Counts only, never a row of personal data.
 */
import type { QualityReport } from './assessments.js';
import type { Distribution } from './distributions.js';
import type { ElementScore, LabelElementName } from './label.js';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
const number = (n: number): string => n.toLocaleString('en-GB');
const pct = (n: number | null): string => (n === null ? '–' : `${n.toFixed(n < 10 ? 2 : 1)}%`);

export const elementNames: Readonly<Record<LabelElementName, string>> = {
  documentation: 'Documentation',
  technicalQuality: 'Technical quality',
  dataQualityManagement: 'Data quality management',
  coverage: 'Coverage',
  accessAndProvision: 'Access and provision',
  enrichments: 'Enrichments and linkage',
};

const levelName = (level: string | null): string =>
  level === null ? 'none' : `${level.charAt(0).toUpperCase()}${level.slice(1)}`;

const scopeText = (report: QualityReport): string => {
  const s = report.run.scope;
  switch (s.kind) {
    case 'lake':
      return 'the whole lake';
    case 'holder':
      return `all deliveries of ${report.holderName ?? s.holderId}`;
    case 'delivery':
      return `delivery ${s.deliveryId}${report.holderName === null ? '' : ` of ${report.holderName}`}`;
  }
};

function table(caption: string, head: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return `<p class="muted">${escape(caption)}: none.</p>`;
  return `<table><caption>${escape(caption)}</caption><thead><tr>${head
    .map((h) => `<th scope="col">${escape(h)}</th>`)
    .join('')}</tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
}

/** A histogram as inline SVG: the plausible bins in blue, the outliers below and above in red. */
function histogram(d: Distribution): string {
  const bars = [
    { label: `< ${d.low}`, rows: d.below, outlier: true },
    ...d.bins.map((b) => ({ label: `${b.from}–${b.to}`, rows: b.rows, outlier: false })),
    { label: `> ${d.high}`, rows: d.above, outlier: true },
  ];
  const max = Math.max(1, ...bars.map((b) => b.rows));
  const width = 16;
  const height = 80;
  const rects = bars
    .map((b, i) => {
      const h = b.rows === 0 ? 0 : Math.max(1, Math.round((b.rows / max) * height));
      return `<rect x="${String(i * (width + 2))}" y="${String(height - h)}" width="${String(width)}" height="${String(h)}" fill="${b.outlier ? '#b3261e' : '#1d5fa8'}"><title>${escape(`${b.label}: ${number(b.rows)}`)}</title></rect>`;
    })
    .join('');
  return `<svg role="img" aria-label="${escape(`${d.name}: ${number(d.below)} below ${String(d.low)}, ${number(d.above)} above ${String(d.high)}`)}" width="${String(bars.length * (width + 2))}" height="${String(height)}" viewBox="0 0 ${String(bars.length * (width + 2))} ${String(height)}">${rects}</svg>`;
}

function element(e: ElementScore): string {
  const criteria = e.criteria
    .map(
      (c) =>
        `<li class="${c.met ? 'met' : 'unmet'}"><span class="visually-hidden">${c.met ? 'Met' : 'Not met'}: </span><span aria-hidden="true">${c.met ? '✓' : '✗'}</span> ${escape(levelName(c.level))}: ${escape(c.text)} <span class="muted">(${c.source})</span></li>`,
    )
    .join('');
  return `<section><h3>${escape(elementNames[e.element])}: ${escape(levelName(e.level))}</h3><p class="muted">Based on ${escape(e.basis)} facts.</p><ul>${criteria}</ul></section>`;
}

export function reportHtml(report: QualityReport): string {
  const { run } = report;
  const title = report.dataset?.title ?? report.holderName ?? 'the lake';
  const label = run.label;
  const f = report.facts;
  const parts: string[] = [];
  parts.push(`<h1>Data quality report: ${escape(title)}</h1>`);
  parts.push(
    `<dl><dt>Checked</dt><dd>${escape(scopeText(report))}, ${number(run.deliveryIds.length)} deliveries</dd><dt>Run</dt><dd>${escape(run.id)}, ${escape(run.startedAt)} to ${escape(run.finishedAt)} (dates judged as of ${escape(run.asOf)})</dd><dt>Checks</dt><dd>${number(run.counts.passed)} passed, ${number(run.counts.failed)} failed, ${number(run.counts.notApplicable)} not applicable, ${number(run.counts.errors)} errors</dd>${
      f === null
        ? ''
        : `<dt>Persons</dt><dd>${number(f.coverage.persons)}${f.coverage.years === null ? '' : `, ${f.coverage.years.toFixed(1)} years`}</dd><dt>Median delivery lag</dt><dd>${f.medianDeliveryLagDays === null ? 'unknown' : `${String(Math.round(f.medianDeliveryLagDays))} days`}</dd><dt>Persons linked to other holders</dt><dd>${f.linkedShare === null ? 'not measured' : pct(100 * f.linkedShare)}</dd>`
    }</dl>`,
  );
  if (label !== null) {
    parts.push(`<h2>EHDS quality and utility label (Art 78): ${escape(levelName(label.level))}</h2>`);
    parts.push(
      table(
        'Label elements',
        ['Element', 'Level', 'Based on'],
        label.elements.map((e) => [
          escape(elementNames[e.element]),
          escape(levelName(e.level)),
          escape(e.basis),
        ]),
      ),
    );
    if (label.toRaise.length > 0) {
      parts.push(
        `<h3>What would raise the label</h3><ul>${label.toRaise
          .map(
            (r) =>
              `<li>${escape(elementNames[r.element])}: ${r.criteria.map((c) => escape(c)).join('; ')}</li>`,
          )
          .join('')}</ul>`,
      );
    }
    parts.push(label.elements.map(element).join(''));
  }
  parts.push('<h2>Results by Kahn category</h2>');
  parts.push(
    table(
      'Check results per category',
      ['Category', 'Passed', 'Failed', 'Not applicable', 'Errors'],
      report.byCategory.map((c) => [
        escape(`${c.category}${c.subcategory === null ? '' : `, ${c.subcategory}`}`),
        number(c.passed),
        number(c.failed),
        number(c.notApplicable),
        number(c.errors),
      ]),
    ),
  );
  parts.push('<h2>Failing checks</h2>');
  parts.push(
    table(
      'Checks that failed or could not run',
      ['Check', 'Where', 'Category', 'Severity', 'Violating', 'Of', 'Violating %', 'Allowed %'],
      report.failing.map((r) => [
        `${escape(r.checkName)}<br><span class="muted">${escape(r.status === 'error' ? (r.reason ?? r.description) : r.description)}</span>`,
        escape(
          [r.table, r.field, r.sourceCode ?? (r.conceptId === null ? null : String(r.conceptId)), r.unit]
            .filter((x) => x !== null)
            .join('.'),
        ),
        escape(`${r.category}${r.subcategory === null ? '' : `, ${r.subcategory}`}`),
        escape(r.severity),
        number(r.violating),
        number(r.total),
        pct(r.pctViolating),
        pct(r.thresholdPct),
      ]),
    ),
  );
  parts.push('<h2>Completeness by field</h2>');
  parts.push(
    table(
      'Share of rows with a value, per field',
      ['Field', 'Rows', 'Empty', 'Filled', 'Empty allowed', 'Status'],
      report.completeness.map((c) => [
        escape(`${c.table}.${c.field}`),
        number(c.rows),
        number(c.missing),
        pct(c.filledPct),
        pct(c.thresholdPct),
        c.status,
      ]),
    ),
  );
  parts.push('<h2>Value distributions</h2>');
  parts.push(
    report.distributions.length === 0
      ? '<p class="muted">No measured values in this scope.</p>'
      : report.distributions
          .map(
            (d) =>
              `<figure><figcaption>${escape(d.name)}${d.sourceCode === null ? '' : ` (LOINC ${escape(d.sourceCode)})`}${d.unit === null ? '' : `, ${escape(d.unit)}`}: ${number(d.rows)} values, plausible ${String(d.low)} to ${String(d.high)}; <strong>${number(d.below)} below, ${number(d.above)} above</strong></figcaption>${histogram(d)}</figure>`,
          )
          .join(''),
  );
  parts.push(
    `<p class="muted">Generated by ${escape(report.node)} on ${escape(report.generatedAt)}. ${number(report.checks)} checks after the OHDSI Data Quality Dashboard and the Kahn framework. Counts only: the report holds no row of personal data.</p>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(`Data quality report: ${title}`)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1b1b1b;line-height:1.4}
table{border-collapse:collapse;margin:1rem 0;width:100%}caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border-bottom:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}td{font-variant-numeric:tabular-nums}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
.muted{color:#555;font-size:.9em}.met{color:#1e6b35}.unmet{color:#8a1c14}ul{padding-left:1.2rem}
figure{margin:1rem 0}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
</style></head><body><main>${parts.join('\n')}</main></body></html>
`;
}
