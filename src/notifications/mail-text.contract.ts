import { directionOf } from '../common/i18n/text-direction';

/** Pieces every module's mails share: one escaping, one flattening, one plain HTML body. */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A mail as written: its language (the reader's, or German where that lacks the texts) and parts. */
export interface RenderedMail {
  locale: string;
  subject: string;
  text: string;
  html: string;
}

/** Text as HTML that shows exactly this text: titles and reasons are whatever users typed. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);

/** Control characters (line breaks included) as single spaces: for subjects and table cells. */
export const oneLine = (text: string): string =>
  // eslint-disable-next-line no-control-regex
  text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

/** The opening `<html>` tag of a mail in `locale`: its language and writing direction. */
export const htmlRoot = (locale: string): string =>
  `<html lang="${escapeHtml(locale)}" dir="${directionOf(locale)}">`;

/**
 * The HTML part of a mail written as paragraphs of text: one `<p>` per non-empty paragraph
 * (line breaks kept), `link` clickable.
 */
export function paragraphsAsHtml(
  locale: string,
  subject: string,
  paragraphs: readonly string[],
  link?: string | null,
): string {
  return (
    `<!doctype html>${htmlRoot(locale)}<head><meta charset="utf-8">` +
    `<title>${escapeHtml(subject)}</title></head><body>` +
    paragraphs
      .filter((paragraph) => paragraph !== '')
      .map((paragraph) =>
        link && paragraph === link
          ? `<p><a href="${escapeHtml(paragraph)}">${escapeHtml(paragraph)}</a></p>`
          : `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`,
      )
      .join('') +
    `</body></html>`
  );
}
