import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

const newline = 0x0a;

/**
 * One output file written line by line. Each line is encoded straight into a chunk buffer (building one big
 * string first and encoding it costs three times as much); a full chunk goes to the stream. When the stream's
 * buffer is full the caller awaits `drained()`, so memory stays bounded however many persons are generated.
 */
export class NdjsonSink {
  private readonly stream: WriteStream;
  private chunk: Buffer;
  private used = 0;
  private blocked = false;
  private failure: Error | null = null;
  lines = 0;
  bytes = 0;

  constructor(
    readonly path: string,
    private readonly chunkSize = 256 * 1024,
  ) {
    this.stream = createWriteStream(path, { highWaterMark: 2 * 1024 * 1024 });
    this.stream.on('error', (e) => {
      this.failure = e;
    });
    this.chunk = Buffer.allocUnsafe(chunkSize);
  }

  /** Adds one line (without its newline). */
  add(line: string): void {
    this.lines++;
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    if (this.used + 3 * line.length + 1 > this.chunkSize) {
      this.flush();
      if (3 * line.length + 1 > this.chunkSize) {
        this.send(Buffer.from(`${line}\n`, 'utf8'));
        return;
      }
    }
    this.used += this.chunk.write(line, this.used, 'utf8');
    this.chunk[this.used++] = newline;
  }

  get needsDrain(): boolean {
    return this.blocked || this.failure !== null;
  }

  private send(data: Buffer): void {
    this.bytes += data.length;
    if (!this.stream.write(data)) this.blocked = true;
  }

  private flush(): void {
    if (this.used === 0) return;
    // The stream keeps the buffer until it is written: the next lines go into a fresh one.
    this.send(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(this.chunkSize);
    this.used = 0;
  }

  /** Throws the stream's error, if it had one. */
  private check(): void {
    if (this.failure !== null) throw this.failure;
  }

  async drained(): Promise<void> {
    this.check();
    if (!this.blocked) return;
    // The caller waits for several sinks in turn: this one may have drained while it waited for another,
    // and a 'drain' that has passed never comes again (the generator hung waiting for it).
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
    this.blocked = false;
  }

  async close(): Promise<void> {
    this.flush();
    this.check();
    this.stream.end();
    await once(this.stream, 'finish');
    this.check();
  }

  /** Closes without waiting, after a failure elsewhere. */
  destroy(): void {
    this.stream.destroy();
  }
}
