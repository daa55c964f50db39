import { MessageCatalogue, MessageParams } from '../common/i18n/message-catalogue';
import { escapeHtml, htmlRoot, RenderedMail } from './mail-text.contract';

/** A short mail about an account: a greeting, a few sentences, a link to act on. */
export interface AccountMail {
  /** Catalogue key under `accounts.mail.`, e.g. `passwordReset`. */
  kind: string;
  recipientName: string;
  params: MessageParams;
  link: string;
}

/**
 * Renders an account mail in the recipient's language from `accounts.json`:
 * `mail.<kind>.subject`, `.intro`, `.action` (the link's label) and `.note`.
 */
export function renderAccountMail(
  catalogue: MessageCatalogue,
  readerLocale: string,
  mail: AccountMail,
): RenderedMail {
  const locale = catalogue.mailLocale(readerLocale, 'accounts');
  const t = (key: string, params: MessageParams = {}) => catalogue.t(locale, key, params);
  const own = (part: string) => t(`accounts.mail.${mail.kind}.${part}`, mail.params);
  const name = mail.recipientName.replace(/\s+/g, ' ').trim();
  const greeting = name ? t('notifications.greeting', { name }) : t('notifications.greetingNoName');
  const subject = own('subject').replace(/\s+/g, ' ').trim();
  const paragraphs = [own('intro'), `${own('action')}: ${mail.link}`, own('note')];
  const closing = t('notifications.closing').split('\n');
  const footer = t('notifications.footer');
  const text = [greeting, ...paragraphs, closing.join('\n'), `-- \n${footer}`].join('\n\n') + '\n';
  const link = escapeHtml(mail.link);
  const html = [
    '<!DOCTYPE html>',
    htmlRoot(locale),
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">',
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(own('intro'))}</p>`,
    `<p><a href="${link}">${escapeHtml(own('action'))}</a><br>${link}</p>`,
    `<p>${escapeHtml(own('note'))}</p>`,
    `<p>${closing.map(escapeHtml).join('<br>')}</p>`,
    `<p style="color:#555;font-size:13px">${escapeHtml(footer)}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { locale, subject, text, html };
}
