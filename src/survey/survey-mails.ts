import { DateTime } from 'luxon';
import { MessageCatalogue } from '../common/i18n/message-catalogue';

/** The reminder to an organisation that has not answered a round, from `survey.json`. */
export interface SurveyReminder {
  recipientName: string;
  organization: string;
  title: string;
  closesAt: Date;
  link: string;
}

export interface RenderedSurveyMail {
  subject: string;
  text: string;
  html: string;
}

/** The survey's end in the agency's zone, as the catalogue formats dates. */
const ZONE = 'Europe/Berlin';

export function renderSurveyReminder(
  catalogue: MessageCatalogue,
  locale: string,
  mail: SurveyReminder,
): RenderedSurveyMail {
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
  const html =
    `<!doctype html><html lang="${escape(locale)}"><head><meta charset="utf-8">` +
    `<title>${escape(subject)}</title></head><body>` +
    paragraphs
      .map((line) =>
        line === mail.link
          ? `<p><a href="${escape(line)}">${escape(line)}</a></p>`
          : `<p>${escape(line).replace(/\n/g, '<br>')}</p>`,
      )
      .join('') +
    `</body></html>`;
  return { subject, text, html };
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
// eslint-disable-next-line no-control-regex
const oneLine = (text: string) => text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
