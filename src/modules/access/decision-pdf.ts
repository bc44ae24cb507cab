import type { CaseView } from './schemas.js';

/**
 * The decision document as a PDF. The layout is plain text in the 14 standard fonts, so it needs no library
 * and no font files: a title, then the decision's elements (Art 68(10) for a permit, the grounds for a
 * refusal), wrapped and paginated on A4.
 */
export function decisionPdf(view: CaseView, issuer: string): Buffer {
  const lines: { text: string; bold?: boolean; gap?: boolean }[] = [];
  const heading = (text: string): void => {
    lines.push({ text: '', gap: true }, { text, bold: true });
  };
  const para = (text: string): void => {
    for (const line of wrap(text, 92)) lines.push({ text: line });
  };
  const permit = view.permits.at(-1);
  const outcome = view.decisionDetail?.outcome ?? 'pending';
  lines.push({ text: issuer, bold: true });
  lines.push({
    text:
      outcome === 'granted'
        ? view.track === 'application'
          ? `Data permit ${permit?.permitNumber ?? ''} (version ${permit?.version ?? 1})`
          : `Approval of health data request ${view.reference ?? ''}`
        : `Decision on ${view.track === 'application' ? 'data access application' : 'health data request'} ${view.reference ?? ''}`,
    bold: true,
  });
  para(`Decided: ${view.decidedAt?.slice(0, 10) ?? 'not yet'}. Outcome: ${outcome}.`);
  para(`Applicant: ${view.organisation?.name ?? view.applicant.name}. Title: ${view.title}.`);
  heading('Purpose (Art 53(1))');
  para(view.form.purpose ?? '-');
  if (view.form.intendedUse !== undefined) para(view.form.intendedUse);
  heading('Datasets');
  for (const d of view.basket)
    para(
      `- ${d.title}${d.holder === null ? '' : ` (${d.holder.name})`}${d.variables.length > 0 ? `: ${d.variables.join(', ')}` : ''}`,
    );
  if (outcome === 'granted' && permit !== undefined) {
    const e = permit.elements;
    heading('Form of the data');
    para(e.dataForm);
    heading('Secure processing environment');
    para(e.environment);
    heading('Persons who may access the data');
    for (const p of e.namedPersons) para(`- ${p.name} <${p.email}>`);
    heading('Duration');
    para(
      `From ${permit.validFrom.slice(0, 10)} until ${permit.validUntil.slice(0, 10)} (${e.durationMonths} months).`,
    );
    heading('Fees (Art 62)');
    for (const l of e.fees.lines)
      para(`- ${l.item.replaceAll('_', ' ')}: ${l.quantity} x ${l.unitPrice} = ${l.amount} EUR`);
    para(`Total: ${e.fees.total} EUR`);
    heading('Conditions');
    if (e.conditions.length === 0) para('None beyond those of the Regulation.');
    for (const c of e.conditions) para(`- ${c}`);
  }
  if (outcome === 'refused') {
    heading('Grounds of refusal');
    for (const g of view.decisionDetail?.grounds ?? [])
      para(`- ${g.code.replaceAll('_', ' ')}: ${g.explanation}`);
    heading('Remedy');
    para('The applicant may appeal against this decision.');
  }
  return render(lines);
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/)) {
      if (line !== '' && line.length + 1 + word.length > width) {
        out.push(line);
        line = '';
      }
      line = line === '' ? word : `${line} ${word}`;
      while (line.length > width) {
        out.push(line.slice(0, width));
        line = line.slice(width);
      }
    }
    out.push(line);
  }
  return out;
}

/** A PDF string literal in WinAnsi: what Latin-1 cannot say becomes '?'. */
const literal = (text: string): string =>
  `(${Array.from(text, (c) => ((c.codePointAt(0) ?? 0) > 255 ? '?' : c))
    .join('')
    .replace(/[\\()]/g, (m) => `\\${m}`)})`;

function render(lines: readonly { text: string; bold?: boolean; gap?: boolean }[]): Buffer {
  const perPage = 60;
  const pages: (typeof lines)[] = [];
  for (let i = 0; i < lines.length; i += perPage) pages.push(lines.slice(i, i + perPage));
  if (pages.length === 0) pages.push([]);
  const objects: string[] = [];
  // 1 catalog, 2 pages, 3 regular font, 4 bold font, then a page and its content stream per page.
  const pageIds = pages.map((_, i) => 5 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  objects[4] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>';
  pages.forEach((page, i) => {
    const ops = ['BT', '/F1 10 Tf', '14 TL', '56 790 Td'];
    for (const line of page) {
      ops.push(line.bold === true ? '/F2 11 Tf' : '/F1 10 Tf', `${literal(line.text)} Tj`, 'T*');
    }
    ops.push(`/F1 8 Tf`, `${literal(`Page ${i + 1} of ${pages.length}`)} Tj`, 'ET');
    const stream = ops.join('\n');
    const pageId = pageIds[i] ?? 0;
    objects[pageId] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageId + 1} 0 R >>`;
    objects[pageId + 1] =
      `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`;
  });
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(body, 'latin1');
    body += `${id} 0 obj\n${objects[id] ?? 'null'}\nendobj\n`;
  }
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++)
    body += `${String(offsets[id] ?? 0).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
