import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerDataStream } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 for the tests: it keeps what it accepts, and can be told
 * to refuse mail — a temporary 451 or a permanent 550, at RCPT TO or after DATA — the way a
 * mail server in trouble does.
 */

export interface MimePart {
  headers: Map<string, string>;
  contentType: string;
  params: Record<string, string>;
  /** Decoded content (text parts as UTF-8). */
  body: string;
  parts: MimePart[];
}

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
  root: MimePart;
  messageId: string;
  subject: string;
  to: string;
  text: string;
  html: string;
  /** The text/calendar alternative: nodemailer's `icalEvent`. */
  calendar?: { method: string; content: string };
}

export interface Refusal {
  code: number;
  stage: 'rcpt' | 'data';
}

export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** How often mail was refused so far. */
  refusals = 0;
  private refusal: Refusal | null = null;

  private readonly server: SMTPServer;
  url = '';

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onRcptTo: (_address, _session, callback) => callback(this.refused('rcpt') ?? undefined),
      onData: (stream: SMTPServerDataStream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const refused = this.refused('data');
          if (refused) return callback(refused);
          const from = session.envelope.mailFrom;
          this.received.push(
            parseMail(
              Buffer.concat(chunks).toString('utf8'),
              from ? from.address : '',
              session.envelope.rcptTo.map((rcpt) => rcpt.address),
            ),
          );
          callback();
        });
      },
    });
  }

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    const { port } = sink.server.server.address() as AddressInfo;
    sink.url = `smtp://127.0.0.1:${port}`;
    return sink;
  }

  /** From now on, refuse every message with this reply code at this stage. */
  refuse(refusal: Refusal): void {
    this.refusal = refusal;
  }

  accept(): void {
    this.refusal = null;
  }

  /** Everything received so far, emptying the list. */
  take(): ReceivedMail[] {
    return this.received.splice(0);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private refused(stage: Refusal['stage']): Error | null {
    if (!this.refusal || this.refusal.stage !== stage) return null;
    this.refusals += 1;
    const temporary = this.refusal.code < 500;
    return Object.assign(
      new Error(temporary ? 'Mailbox busy, try again later' : 'No such mailbox here'),
      { responseCode: this.refusal.code },
    );
  }
}

/** Polls `check` until it returns something truthy, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// ---- a small MIME reader: enough for what nodemailer writes -------------------------------

export function parseMail(raw: string, envelopeFrom = '', envelopeTo: string[] = []): ReceivedMail {
  const root = parsePart(raw);
  const all = flatten(root);
  const find = (type: string) => all.find((part) => part.contentType === type);
  const calendar = find('text/calendar');
  return {
    envelopeFrom,
    envelopeTo,
    raw,
    root,
    messageId: root.headers.get('message-id') ?? '',
    subject: decodeWords(root.headers.get('subject') ?? ''),
    to: decodeWords(root.headers.get('to') ?? ''),
    text: find('text/plain')?.body ?? '',
    html: find('text/html')?.body ?? '',
    calendar: calendar
      ? { method: calendar.params.method ?? '', content: calendar.body }
      : undefined,
  };
}

function flatten(part: MimePart): MimePart[] {
  return [part, ...part.parts.flatMap(flatten)];
}

function parsePart(raw: string): MimePart {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const rest = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const [type, ...paramList] = (headers.get('content-type') ?? 'text/plain').split(';');
  const params: Record<string, string> = {};
  for (const param of paramList) {
    const eq = param.indexOf('=');
    if (eq > 0) {
      params[param.slice(0, eq).trim().toLowerCase()] = param
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
    }
  }
  const contentType = type.trim().toLowerCase();
  if (contentType.startsWith('multipart/')) {
    const boundary = `--${params.boundary}`;
    const sections = rest.split(boundary).slice(1);
    const parts = sections
      .filter((section) => !section.startsWith('--'))
      .map((section) => parsePart(section.replace(/^\r?\n/, '').replace(/\r?\n$/, '')));
    return { headers, contentType, params, body: '', parts };
  }
  return { headers, contentType, params, body: decodeBody(rest, headers), parts: [] };
}

function decodeBody(body: string, headers: Map<string, string>): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64')
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return quotedPrintable(body.replace(/=\r?\n/g, ''));
  return body;
}

function quotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const hex = text.slice(index + 1, index + 3);
    if (text[index] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(text[index], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words, as nodemailer writes non-ASCII headers. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BQbq])\?([^?]*)\?=/g, (_whole, _charset, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : quotedPrintable(text.replace(/_/g, ' ')),
    );
}
