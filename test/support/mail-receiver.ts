import { SMTPServer } from 'smtp-server';
import { freePort } from './postgres-server.js';

/** One message as the relay received it, its body decoded from quoted-printable. */
export interface ReceivedMail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
}

const decodeQuotedPrintable = (body: string): string =>
  Buffer.from(
    body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');

const decodeHeader = (value: string): string =>
  value.replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, kind: string, text: string) =>
    kind.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );

/**
 * A real SMTP server on a loopback port, started by the test: the node sends to it as to any relay, and
 * the test reads what arrived. Plain SMTP, no authentication, as a local relay accepts.
 */
export async function startMailReceiver(): Promise<{
  readonly url: string;
  readonly mails: ReceivedMail[];
  /** Waits until `count` mails arrived, or fails after a few seconds. */
  waitFor(count: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        const split = raw.indexOf('\r\n\r\n');
        const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
        const subject = /^Subject: (.*)$/im.exec(head)?.[1] ?? '';
        const qp = /Content-Transfer-Encoding: quoted-printable/i.test(head);
        const body = raw.slice(split + 4);
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: decodeHeader(subject),
          text: qp ? decodeQuotedPrintable(body) : Buffer.from(body, 'latin1').toString('utf8'),
        });
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitFor(count) {
      const until = Date.now() + 10_000;
      while (mails.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      if (mails.length < count) throw new Error(`${mails.length} mails arrived, not ${count}`);
      return mails;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
