import { DateTime } from 'luxon';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { oneLine, paragraphsAsHtml, RenderedMail } from '../notifications/mail-text.contract';

/** The reminder to an organisation that has not answered a round, from `survey.json`. */
export interface SurveyReminder {
  recipientName: string;
  organization: string;
  title: string;
  closesAt: Date;
  link: string;
}

/** The survey's end in the agency's zone, as the catalogue formats dates. */
const ZONE = 'Europe/Berlin';

export function renderSurveyReminder(
  catalogue: MessageCatalogue,
  readerLocale: string,
  mail: SurveyReminder,
): RenderedMail {
  const locale = catalogue.mailLocale(readerLocale, 'survey');
  const t = (key: string, params: Record<string, string> = {}) =>
    catalogue.t(locale, `survey.mail.reminder.${key}`, params);
  const end = DateTime.fromJSDate(mail.closesAt, { zone: ZONE }).setLocale(locale);
  const params = {
    title: oneLine(mail.title),
    organization: oneLine(mail.organization),
    date: end.toFormat(t('dateFormat')),
  };
  const subject = t('subject', params);
  const paragraphs = [
    t('greeting', { name: oneLine(mail.recipientName) }),
    t('intro', params),
    t('action'),
    mail.link,
    t('closing'),
  ];
  const text = paragraphs.join('\n\n') + '\n';
  const html = paragraphsAsHtml(locale, subject, paragraphs, mail.link);
  return { locale, subject, text, html };
}
