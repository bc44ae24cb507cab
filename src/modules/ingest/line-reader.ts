/**
 * Reads a file line by line in fixed-size chunks, so memory stays flat whatever the file size. A line longer
 * than the cap is never assembled: once it passes the cap, its bytes are counted and dropped until the next
 * line break, and it is reported as too long.
 *
 * A byte range splits one big file between workers: the reader of [start, end) takes the lines that begin
 * in it (the line under way at `start` belongs to the previous range), and numbers lines from 1 within its
 * range; the caller adds the line counts of the ranges before it.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

export interface LineHandlers {
  /** A complete line (without its line break), 1-based line number within the range. */
  onLine(text: string, line: number): void;
  onTooLong(line: number, bytes: number): void;
  /** After each chunk: bytes read so far. Awaited, so a caller can flush or yield. */
  onChunk?(bytesRead: number): void | Promise<void>;
}

export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export const defaultChunkBytes = 4 * 2 ** 20;

export async function readLines(
  file: string,
  maxLineBytes: number,
  handlers: LineHandlers,
  range: ByteRange | null = null,
  chunkBytes = defaultChunkBytes,
): Promise<{ bytes: number; lines: number }> {
  const handle = await open(file, 'r');
  const buffer = Buffer.allocUnsafe(chunkBytes);
  const end = range?.end ?? Number.MAX_SAFE_INTEGER;
  let position = range === null || range.start === 0 ? 0 : range.start - 1;
  // A range after the first starts one byte early: if that byte is a line break, a line begins at `start`.
  let dropping = position > 0;
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let skipping = false;
  let line = 0;
  let total = 0;
  let done = false;
  const emit = (bytes: Buffer): void => {
    line++;
    let length = bytes.length;
    if (length > 0 && bytes[length - 1] === 13) length--;
    if (length === 0) return;
    handlers.onLine(bytes.toString('utf8', 0, length), line);
  };
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, position);
      if (bytesRead === 0) break;
      const chunkStart = position;
      position += bytesRead;
      total += bytesRead;
      const chunk = buffer.subarray(0, bytesRead);
      let start = 0;
      if (dropping) {
        const nl = chunk.indexOf(10);
        if (nl === -1) continue;
        dropping = false;
        start = nl + 1;
      }
      for (;;) {
        if (carryBytes === 0 && !skipping && chunkStart + start >= end) {
          done = true;
          break;
        }
        const nl = chunk.indexOf(10, start);
        if (nl === -1) break;
        if (skipping) {
          line++;
          handlers.onTooLong(line, carryBytes + nl - start);
          skipping = false;
          carryBytes = 0;
        } else if (carryBytes > 0) {
          if (carryBytes + nl - start > maxLineBytes) {
            line++;
            handlers.onTooLong(line, carryBytes + nl - start);
          } else emit(Buffer.concat([...carry, chunk.subarray(start, nl)]));
          carry = [];
          carryBytes = 0;
        } else if (nl - start > maxLineBytes) {
          line++;
          handlers.onTooLong(line, nl - start);
        } else emit(chunk.subarray(start, nl));
        start = nl + 1;
      }
      if (done) break;
      const rest = bytesRead - start;
      if (rest > 0) {
        if (!skipping && carryBytes + rest > maxLineBytes) {
          skipping = true;
          carry = [];
        }
        if (!skipping) carry.push(Buffer.from(chunk.subarray(start, bytesRead)));
        carryBytes += rest;
      }
      await handlers.onChunk?.(Math.min(total, end - (range?.start ?? 0)));
    }
    if (!done) {
      if (skipping) {
        line++;
        handlers.onTooLong(line, carryBytes);
      } else if (carryBytes > 0) emit(Buffer.concat(carry));
    }
  } finally {
    await handle.close();
  }
  return { bytes: total, lines: line };
}

/** The SHA-256 of a file, read in chunks. */
export async function sha256OfFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const handle = await open(file, 'r');
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(defaultChunkBytes);
  let bytes = 0;
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      bytes += bytesRead;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return { sha256: hash.digest('hex'), bytes };
}
