import { DateTime } from 'luxon';
import { MessageCatalogue, MessageParams } from '../common/i18n/message-catalogue';
import { Side } from './recipients';
import { escapeHtml, htmlRoot, oneLine, RenderedMail } from './mail-text.contract';

/**
 * The booking mails as text: pure functions of the facts and the recipient's language, with
 * every word from the message catalogue (`notifications.json`), so that a new language is a
 * new file. Times are written in the room's zone, which the mail names.
 */

export const BOOKING_MAIL_KINDS = [
  'requested',
  'confirmed',
  'approved',
  'declined',
  'expired',
  'cancelled',
  'moved',
  'reminder',
  'expiring',
] as const;
/** `confirmed` is the owners' mail about a booking that a room with automatic approval took. */
export type BookingMailKind = (typeof BOOKING_MAIL_KINDS)[number];

export interface Span {
  startsAt: Date;
  endsAt: Date;
}

export interface BookingMail {
  kind: BookingMailKind;
  side: Side;
  recipientName: string;
  title: string;
  /** The requesting organisation. */
  organizationName: string;
  room: { name: string; venueName: string; address: string; timeZone: string };
  /** One for a single booking, several for a series; in order. */
  dates: readonly Span[];
  /** The time before a move. */
  previous?: Span;
  /** Still waiting for the owners' answer (a moved booking on a room with manual approval). */
  pending?: boolean;
  /** When an unanswered request expires. */
  deadline?: Date | null;
  reason?: string | null;
  actorName?: string | null;
  /** The attached invitation, which the text mentions. */
  invitation?: 'REQUEST' | 'CANCEL' | null;
  /** Where the service is, for the recipient to act. */
  link: string;
}

/** A series lists this many dates; the rest are counted. */
const LISTED_DATES = 25;

interface Fact {
  label: string;
  lines: string[];
}

interface Body {
  greeting: string;
  intro: string;
  facts: Fact[];
  notes: string[];
  link: string;
  linkLabel: string;
  closing: string[];
  footer: string;
}

export function renderBookingMail(
  catalogue: MessageCatalogue,
  readerLocale: string,
  mail: BookingMail,
): RenderedMail {
  const locale = catalogue.mailLocale(readerLocale, 'notifications');
  const t = (key: string, params: MessageParams = {}) =>
    catalogue.t(locale, `notifications.${key}`, params);
  const zone = mail.room.timeZone;
  // Each instant once: a mail names the same few instants several times.
  const instants = new Map<number, DateTime>();
  const at = (date: Date) => {
    let found = instants.get(date.getTime());
    if (!found) {
      found = DateTime.fromJSDate(date, { zone }).setLocale(locale);
      instants.set(date.getTime(), found);
    }
    return found;
  };
  const day = (date: Date) => at(date).toFormat(t('format.date'));
  const clock = (date: Date) => at(date).toFormat(t('format.time'));
  const span = ({ startsAt, endsAt }: Span) =>
    at(startsAt).hasSame(at(endsAt), 'day')
      ? t('format.span', { date: day(startsAt), start: clock(startsAt), end: clock(endsAt) })
      : t('format.spanDays', {
          date: day(startsAt),
          start: clock(startsAt),
          endDate: day(endsAt),
          end: clock(endsAt),
        });

  const series = mail.dates.length > 1;
  const first = mail.dates[0];
  const params: MessageParams = {
    title: oneLine(mail.title),
    room: oneLine(mail.room.name),
    organization: oneLine(mail.organizationName),
    count: mail.dates.length,
    date: at(first.startsAt).toFormat(t('format.shortDate')),
    deadline: mail.deadline ? `${day(mail.deadline)}, ${clock(mail.deadline)}` : '',
  };
  const kind = `kind.${mail.kind}`;
  const subject = t(`${kind}.${series ? 'subjectSeries' : 'subject'}`, params);

  const facts: Fact[] = [
    { label: t('label.title'), lines: [oneLine(mail.title)] },
    { label: t('label.organization'), lines: [oneLine(mail.organizationName)] },
    { label: t('label.room'), lines: [oneLine(`${mail.room.name}, ${mail.room.venueName}`)] },
    { label: t('label.address'), lines: [oneLine(mail.room.address)] },
  ];
  if (series) {
    const listed = mail.dates.slice(0, LISTED_DATES).map(span);
    if (mail.dates.length > LISTED_DATES) {
      listed.push(t('more', { count: mail.dates.length - LISTED_DATES }));
    }
    facts.push({ label: t('label.dates', { count: mail.dates.length }), lines: listed });
  } else {
    facts.push({ label: t(mail.previous ? 'label.newTime' : 'label.time'), lines: [span(first)] });
  }
  if (mail.previous) facts.push({ label: t('label.previousTime'), lines: [span(mail.previous)] });
  facts.push({ label: t('label.timeZone'), lines: [zone] });
  if (mail.reason) facts.push({ label: t('label.reason'), lines: textLines(mail.reason) });
  if (mail.actorName) facts.push({ label: t('label.by'), lines: [oneLine(mail.actorName)] });

  const notes: string[] = [];
  const action = actionKey(mail);
  if (action) notes.push(t(action, params));
  if (mail.invitation)
    notes.push(t(mail.invitation === 'CANCEL' ? 'invitation.cancel' : 'invitation.request'));

  const body: Body = {
    greeting: mail.recipientName.trim()
      ? t('greeting', { name: oneLine(mail.recipientName) })
      : t('greetingNoName'),
    intro: t(`${kind}.${series ? 'introSeries' : 'intro'}`, params),
    facts,
    notes,
    link: mail.link,
    linkLabel: t('link'),
    closing: t('closing').split('\n'),
    footer: t('footer'),
  };
  return {
    locale,
    subject: oneLine(subject),
    text: asText(body),
    html: asHtml(body, locale, subject),
  };
}

/** The sentence that tells the recipient what to do, if anything. */
function actionKey(mail: BookingMail): string | null {
  switch (mail.kind) {
    case 'requested':
    case 'expiring':
    case 'declined':
    case 'expired':
    case 'reminder':
      return `kind.${mail.kind}.action`;
    case 'moved':
      if (!mail.pending) return null;
      return mail.side === 'owner' ? 'kind.moved.actionOwner' : 'kind.moved.actionRequester';
    default:
      return null;
  }
}

function asText(body: Body): string {
  const width = Math.max(...body.facts.map((fact) => fact.label.length)) + 2;
  const facts = body.facts.map((fact) => {
    const label = `${fact.label}:`.padEnd(width);
    if (fact.lines.length === 1) return label + fact.lines[0];
    return [`${fact.label}:`, ...fact.lines.map((line) => `  - ${line}`)].join('\n');
  });
  return (
    [
      body.greeting,
      body.intro,
      facts.join('\n'),
      ...body.notes,
      `${body.linkLabel}: ${body.link}`,
      body.closing.join('\n'),
      `-- \n${body.footer}`,
    ].join('\n\n') + '\n'
  );
}

function asHtml(body: Body, locale: string, subject: string): string {
  const rows = body.facts
    .map(
      (fact) =>
        `<tr><th style="text-align:left;vertical-align:top;padding:2px 16px 2px 0;font-weight:bold">` +
        `${escapeHtml(fact.label)}</th><td style="padding:2px 0">` +
        fact.lines.map(escapeHtml).join('<br>') +
        `</td></tr>`,
    )
    .join('\n');
  const paragraph = (text: string) => `<p>${escapeHtml(text)}</p>`;
  const link = escapeHtml(body.link);
  return [
    '<!DOCTYPE html>',
    htmlRoot(locale),
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">',
    paragraph(body.greeting),
    paragraph(body.intro),
    `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px 0">\n${rows}\n</table>`,
    ...body.notes.map(paragraph),
    `<p>${escapeHtml(body.linkLabel)}: <a href="${link}">${link}</a></p>`,
    `<p>${body.closing.map(escapeHtml).join('<br>')}</p>`,
    `<p style="color:#555;font-size:13px">${escapeHtml(body.footer)}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A reason keeps its line breaks, nothing else of the control range. */
const textLines = (text: string): string[] =>
  text
    .split(/\r\n|\r|\n/)
    .map(oneLine)
    .filter((line) => line.length > 0);
