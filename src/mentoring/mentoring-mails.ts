import { MessageCatalogue, MessageParams } from '../common/i18n/message-catalogue';
import { oneLine, paragraphsAsHtml, RenderedMail } from '../notifications/mail-text.contract';

/** The moments both sides of an assignment are told of. */
export const MENTORING_MAIL_KINDS = ['proposed', 'accepted', 'completed', 'ended'] as const;
export type MentoringMailKind = (typeof MENTORING_MAIL_KINDS)[number];
export type MentoringSide = 'mentor' | 'organization';

export interface MentoringMail {
  kind: MentoringMailKind;
  side: MentoringSide;
  recipientName: string;
  /** Facts the texts may name (organisation, topic, mentor, contact, reason, …). */
  params: MessageParams;
  /** Lines shown as they are, labelled (e.g. the request's description). */
  details: { label: string; value: string }[];
  link: string | null;
}

/** A mail of the mentoring programme in the recipient's language (`mentoring.json`). */
export function renderMentoringMail(
  catalogue: MessageCatalogue,
  readerLocale: string,
  mail: MentoringMail,
): RenderedMail {
  const locale = catalogue.mailLocale(readerLocale, 'mentoring');
  const t = (key: string, params: MessageParams = {}) =>
    catalogue.t(locale, `mentoring.mail.${key}`, params);
  const params = Object.fromEntries(
    Object.entries(mail.params).map(([key, value]) => [
      key,
      typeof value === 'string' ? oneLine(value) : value,
    ]),
  );
  const subject = t(`${mail.kind}.${mail.side}.subject`, params);
  const lines = [
    t('greeting', { name: oneLine(mail.recipientName) }),
    '',
    t(`${mail.kind}.${mail.side}.intro`, params),
    '',
    ...mail.details.map((detail) => `${t(`labels.${detail.label}`)}: ${detail.value}`),
    ...(mail.link ? ['', t(`${mail.kind}.${mail.side}.link`), mail.link] : []),
    '',
    t('closing'),
  ];
  const html = paragraphsAsHtml(locale, subject, lines, mail.link);
  return { locale, subject, text: lines.join('\n') + '\n', html };
}
