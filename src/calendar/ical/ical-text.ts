/**
 * Text rules of RFC 5545 that ical-generator leaves to its caller. ical-generator escapes
 * SUMMARY, DESCRIPTION and LOCATION itself, but writes NAME and X-WR-CALNAME as given, puts
 * `\"` into quoted parameters (a quoted-string cannot hold a DQUOTE, and a backslash is not
 * an escape there) and passes control characters through. Everything user-written goes
 * through these functions before it reaches the generator.
 */

/** CONTROL characters (RFC 5545 §3.1) other than HTAB, CR and LF: not allowed in any value. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** A surrogate without its partner cannot be written as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * User text made safe for a TEXT value before escaping: control characters removed, broken
 * surrogates replaced, every line break (CRLF, CR, LF) turned into LF.
 */
export function sanitizeText(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, '').replace(/\r\n?/g, '\n');
}

/**
 * A TEXT value escaped as RFC 5545 §3.3.11 asks: `\`, `;` and `,` prefixed with a backslash,
 * line breaks written as `\n`. For values the generator writes verbatim (NAME, X-WR-CALNAME).
 */
export function escapeText(value: string): string {
  return sanitizeText(value)
    .replace(/[\\;,]/g, (character) => `\\${character}`)
    .replace(/\n/g, '\\n');
}

/**
 * A name for a quoted parameter such as CN: the generator wraps it in double quotes, so it
 * may contain neither a DQUOTE nor a line break, and a backslash would be doubled — they go.
 * Runs of whitespace left behind become one space.
 */
export function parameterText(value: string): string {
  return sanitizeText(value)
    .replace(/["\\]/g, '')
    .replace(/[\n\t ]+/g, ' ')
    .trim();
}

/** `2027-03-02T18:00:00.000Z` → `20270302T180000Z`, the UTC form of DATE-TIME (§3.3.5). */
export function utcDateTime(instant: Date): string {
  return instant
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** Octets of one line in UTF-8, the unit RFC 5545 folds by. */
export const octets = (line: string): number => Buffer.byteLength(line, 'utf8');

/**
 * Folds one content line after at most 75 octets (§3.1), continuing with a space; a
 * character is never split across lines, so multi-octet UTF-8 sequences stay whole.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const character of line) {
    const width = octets(character);
    // The continuation's leading space counts towards its 75 octets.
    if (size + width > 75) {
      parts.push(current);
      current = ' ';
      size = 1;
    }
    current += character;
    size += width;
  }
  parts.push(current);
  return parts.join('\r\n');
}

/** Undoes folding: a CRLF followed by one space or tab is removed (§3.1). */
export const unfold = (text: string): string => text.replace(/\r\n[ \t]/g, '');
