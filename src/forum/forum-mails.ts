import { DateTime } from 'luxon';
import { MessageCatalogue, MessageParams } from '../common/i18n/message-catalogue';
import { oneLine, paragraphsAsHtml, RenderedMail } from '../notifications/mail-text.contract';

/**
 * The mails a registrant gets, as pure functions of the facts and the registrant's language;
 * every word from the catalogue (`forum.json`). Times in the room's zone, which is named.
 */
export const FORUM_MAIL_KINDS = [
  'confirmed',
  'waitlisted',
  'promoted',
  'cancelled',
  'moved',
  'sessionCancelled',
  'reminder',
] as const;
export type ForumMailKind = (typeof FORUM_MAIL_KINDS)[number];

export interface ForumMail {
  kind: ForumMailKind;
  recipientName: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  previous?: { startsAt: Date; endsAt: Date };
  timeZone: string;
  location: string;
  places: number;
  waitlistPosition?: number | null;
  reason?: string | null;
  /** The registrant's private link, to see or cancel the registration. */
  manageUrl: string | null;
  /** Whether an invitation (.ics) is attached, which the text mentions. */
  invitation: boolean;
}

export function renderForumMail(
  catalogue: MessageCatalogue,
  readerLocale: string,
  mail: ForumMail,
): RenderedMail {
  const locale = catalogue.mailLocale(readerLocale, 'forum');
  const t = (key: string, params: MessageParams = {}) =>
    catalogue.t(locale, `forum.mail.${key}`, params);
  const at = (date: Date) => DateTime.fromJSDate(date, { zone: mail.timeZone }).setLocale(locale);
  const when = (span: { startsAt: Date; endsAt: Date }) =>
    t('when', {
      date: at(span.startsAt).toFormat(t('format.date')),
      start: at(span.startsAt).toFormat(t('format.time')),
      end: at(span.endsAt).toFormat(t('format.time')),
      zone: mail.timeZone,
    });
  const params = {
    title: oneLine(mail.title),
    places: mail.places,
    position: mail.waitlistPosition ?? '',
  };
  const subject = t(`${mail.kind}.subject`, params);
  const lines = [
    t('greeting', { name: oneLine(mail.recipientName) }),
    '',
    t(`${mail.kind}.intro`, params),
    '',
    `${t('labels.event')}: ${oneLine(mail.title)}`,
    `${t('labels.when')}: ${when(mail)}`,
    ...(mail.previous ? [`${t('labels.before')}: ${when(mail.previous)}`] : []),
    `${t('labels.where')}: ${mail.location}`,
    `${t('labels.places')}: ${mail.places}`,
    ...(mail.reason ? [`${t('labels.reason')}: ${oneLine(mail.reason)}`] : []),
    ...(mail.invitation ? ['', t('invitation')] : []),
    ...(mail.manageUrl ? ['', t('manage'), mail.manageUrl] : []),
    '',
    t('closing'),
  ];
  const text = lines.join('\n') + '\n';
  const html = paragraphsAsHtml(locale, subject, lines, mail.manageUrl);
  return { locale, subject, text, html };
}
