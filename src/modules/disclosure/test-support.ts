import { crc32, deflateSync } from 'node:zlib';
import { defaultDisclosureSettings, type DisclosureSettings } from './settings.js';
import type { CellVerdict, FileVerdict } from './verdict.js';
import type { OutputFile, OutputFileContext, TableContext } from './output-file.js';

export const settings: DisclosureSettings = defaultDisclosureSettings;

export function textFile(
  name: string,
  text: string,
  table?: TableContext,
  context: Partial<OutputFileContext> = {},
): OutputFile {
  return {
    name,
    bytes: new TextEncoder().encode(text),
    context: {
      description: 'diabetes patients by age band',
      ...context,
      ...(table === undefined ? {} : { table }),
    },
  };
}

/** A frequency table of one count column `n`, one row per age band. */
export function countsFile(counts: readonly (number | string)[], table?: TableContext): OutputFile {
  const rows = counts.map((c, i) => `${20 + i * 10}-${29 + i * 10},${c}`);
  return textFile('counts.csv', ['age_band,n', ...rows].join('\n'), table);
}

export const cell = (verdict: FileVerdict, row: number, column: string): CellVerdict => {
  const found = verdict.cells.find((c) => c.row === row && c.column === column);
  if (found === undefined) throw new Error(`no cell at row ${row}, column ${column}`);
  return found;
};

export const messages = (x: { readonly reasons: readonly { readonly message: string }[] }): string[] =>
  x.reasons.map((r) => r.message);

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  const typeBytes = new TextEncoder().encode(type);
  out.set(typeBytes, 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(Buffer.concat([typeBytes, data])));
  return out;
}

/** A real PNG, width × height grey pixels, with optional tEXt chunks: what matplotlib or ggplot would write. */
export function png(width = 4, height = 3, text: Readonly<Record<string, string>> = {}): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const raw = new Uint8Array((width + 1) * height).fill(128);
  for (let y = 0; y < height; y++) raw[y * (width + 1)] = 0; // filter byte per scanline
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...Object.entries(text).map(([k, v]) => chunk('tEXt', new TextEncoder().encode(`${k}\u0000${v}`))),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  return new Uint8Array(Buffer.concat(parts));
}
