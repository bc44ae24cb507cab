import type { FileType } from './settings.js';

/** The type a file's name claims, from its extension. */
export function typeOfName(name: string): { readonly type: FileType | null; readonly extension: string } {
  const m = /\.([^./\\]+)$/.exec(name);
  const extension = (m?.[1] ?? '').toLowerCase();
  const byExtension: Readonly<Record<string, FileType>> = {
    csv: 'csv',
    tsv: 'csv',
    png: 'png',
    txt: 'txt',
    md: 'md',
    markdown: 'md',
    json: 'json',
  };
  return { type: byExtension[extension] ?? null, extension };
}

const ascii = (text: string): number[] => Array.from(new TextEncoder().encode(text));

const signatures: readonly {
  readonly what: string;
  readonly bytes: readonly number[];
  readonly at?: number;
}[] = [
  { what: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { what: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { what: 'a GIF image', bytes: [0x47, 0x49, 0x46, 0x38] },
  { what: 'a PDF document', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { what: 'a ZIP archive (an Excel or Word file is one)', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { what: 'a gzip archive', bytes: [0x1f, 0x8b] },
  { what: 'a Parquet file', bytes: [0x50, 0x41, 0x52, 0x31] },
  { what: 'an SQLite database', bytes: ascii('SQLite format 3') },
  { what: 'a DuckDB database', bytes: ascii('DUCK'), at: 8 },
  { what: 'an R data file', bytes: ascii('RDX') },
];

/** What well-known binary format the content is, if any: to say what a misnamed file really holds. */
export function sniffBinary(bytes: Uint8Array): string | null {
  for (const s of signatures) {
    const at = s.at ?? 0;
    if (bytes.length >= at + s.bytes.length && s.bytes.every((b, i) => bytes[at + i] === b)) return s.what;
  }
  return null;
}

export type TextContent =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly why: string };

/** Text files must be UTF-8 (a leading byte order mark is allowed) and hold no binary data. */
export function decodeText(bytes: Uint8Array): TextContent {
  const binary = sniffBinary(bytes);
  if (binary !== null) return { ok: false, why: `its content is ${binary}, not text` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return {
      ok: false,
      why: `it is not valid UTF-8 text (the first bad byte is at offset ${firstInvalidUtf8(bytes)}); save it as UTF-8`,
    };
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return { ok: false, why: `it holds binary data (a NUL character at character ${nul + 1})` };
  return { ok: true, text };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // Halving would be faster; files are capped and this runs only for a file that is already refused.
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const len =
      b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0) return i;
    try {
      decoder.decode(bytes.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return i;
}

export type PngContent =
  | {
      readonly ok: true;
      readonly width: number;
      readonly height: number;
      /** Keywords of the text chunks (tEXt, zTXt, iTXt), e.g. Software, Title. */
      readonly textKeys: readonly string[];
    }
  | { readonly ok: false; readonly why: string };

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Walks a PNG's chunks: the signature, IHDR first, every chunk inside the file, IEND last, and nothing after
 * it (data appended after the image would leave the airlock unseen).
 */
export function readPng(bytes: Uint8Array): PngContent {
  if (bytes.length < 8 || !pngSignature.every((b, i) => bytes[i] === b)) {
    const binary = sniffBinary(bytes);
    return {
      ok: false,
      why: `its first bytes are not the PNG signature${binary === null ? '' : `; its content is ${binary}`}`,
    };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const textKeys: string[] = [];
  let offset = 8;
  let width = 0;
  let height = 0;
  let first = true;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length)
      return { ok: false, why: `the image is cut short: a chunk at byte ${offset} is incomplete` };
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const end = offset + 12 + length;
    if (end > bytes.length)
      return {
        ok: false,
        why: `the image is cut short: its ${type} chunk at byte ${offset} runs past the end`,
      };
    if (first && type !== 'IHDR')
      return { ok: false, why: 'it does not start with an image header (IHDR chunk)' };
    if (type === 'IHDR' && length >= 8) {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
    }
    if (type === 'tEXt' || type === 'zTXt' || type === 'iTXt') {
      const data = bytes.subarray(offset + 8, offset + 8 + length);
      const nul = data.indexOf(0);
      textKeys.push(new TextDecoder('latin1').decode(data.subarray(0, nul < 0 ? data.length : nul)));
    }
    first = false;
    offset = end;
    if (type === 'IEND') {
      if (offset < bytes.length)
        return {
          ok: false,
          why: `${bytes.length - offset} bytes of other data follow the end of the image; a chart must hold only the image`,
        };
      return { ok: true, width, height, textKeys };
    }
  }
  return { ok: false, why: 'the image has no end (IEND chunk): it is cut short or not a PNG' };
}
