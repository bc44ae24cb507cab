import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

const tailBytes = 8192;

/**
 * The job's stdout and stderr, interleaved as they arrive, in one file of at most `capBytes` (then a note
 * and nothing more); whatever comes after is read and discarded, so the job never blocks on a full pipe,
 * and the last 8 KiB are kept in memory, since that is where an interpreter says why it stopped.
 */
export class JobLog {
  readonly path: string;
  private readonly capBytes: number;
  private readonly stream: WriteStream;
  private written = 0;
  private total = 0;
  private tail = Buffer.alloc(0);
  private head = '';

  constructor(path: string, capBytes: number) {
    this.path = path;
    this.capBytes = capBytes;
    // Opened here, synchronously, so that a log that cannot be written stops the job before it starts.
    this.stream = createWriteStream('', { fd: openSync(path, 'w', 0o640) });
    // A log that cannot be written (the disk full) costs the log, never the node: no unhandled 'error'.
    this.stream.on('error', () => undefined);
  }

  write(chunk: Buffer): void {
    if (this.head.length < 200) this.head += chunk.subarray(0, 200).toString('utf8');
    this.total += chunk.length;
    this.tail = Buffer.concat([this.tail, chunk]);
    if (this.tail.length > tailBytes) this.tail = this.tail.subarray(this.tail.length - tailBytes);
    if (this.written >= this.capBytes) return;
    const room = this.capBytes - this.written;
    const kept = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.written += kept.length;
    this.stream.write(kept);
    if (kept.length < chunk.length)
      this.stream.write(`\n[salus: log truncated at ${this.capBytes} bytes; further output discarded]\n`);
  }

  /** Adds a line of the runner's own (why the job was stopped), kept even when the log is full. */
  note(line: string): void {
    this.stream.write(`\n[salus: ${line}]\n`);
  }

  /** Bytes the job printed, including those discarded. */
  get printedBytes(): number {
    return this.total;
  }

  get truncated(): boolean {
    return this.total > this.written;
  }

  /** The first bytes printed: where bwrap says why it could not set the sandbox up. */
  headText(): string {
    return this.head;
  }

  /** The last 8 KiB the job printed, as text (a character cut at the start shows as U+FFFD). */
  tailText(): string {
    return this.tail.toString('utf8');
  }

  async close(): Promise<void> {
    this.stream.end();
    await finished(this.stream).catch(() => undefined);
  }
}
