/**
 * Text rules of RFC 5545 (§3.3.11 TEXT, §3.1 folding) as string functions. Feeds of
 * thousands of events go through `escapeText`, so its common case — nothing to escape —
 * costs one regular-expression test. `ICalWriter` folds the octets it writes; `foldLine` is
 * the same rule on a string, for tests and anyone holding a string.
 */

/** CONTROL characters (RFC 5545 §3.1) other than HTAB, CR and LF: not allowed in any value. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** A surrogate without its partner cannot be written as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Anything in a TEXT value that escaping or sanitising would change. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_CARE = /[\\;,\u0000-\u0008\u000A-\u001F\u007F\uD800-\uDFFF]/;

/**
 * User text made safe for a TEXT value before escaping: control characters removed, broken
 * surrogates replaced, every line break (CRLF, CR, LF) turned into LF.
 */
export function sanitizeText(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, '').replace(/\r\n?/g, '\n');
}

/**
 * A TEXT value escaped as RFC 5545 §3.3.11 asks: `\`, `;` and `,` prefixed with a backslash,
 * line breaks written as `\n`, after `sanitizeText`.
 */
export function escapeText(value: string): string {
  if (!NEEDS_CARE.test(value)) return value;
  return sanitizeText(value)
    .replace(/[\\;,]/g, (character) => `\\${character}`)
    .replace(/\n/g, '\\n');
}

/**
 * A name for a quoted parameter such as CN: inside DQUOTEs it may contain neither a DQUOTE
 * nor a line break, and a backslash is no escape there — they go. Runs of whitespace left
 * behind become one space.
 */
export function parameterText(value: string): string {
  return sanitizeText(value)
    .replace(/["\\]/g, '')
    .replace(/[\n\t ]+/g, ' ')
    .trim();
}

/** Octets of one line in UTF-8, the unit RFC 5545 folds by. */
export const octets = (line: string): number => Buffer.byteLength(line, 'utf8');

/** UTF-8 octets of one code point. */
const width = (codePoint: number): number =>
  codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;

/**
 * Folds one content line after at most 75 octets (§3.1), continuing with a space; a
 * character is never split across lines, so multi-octet UTF-8 sequences stay whole.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let start = 0;
  let size = 0;
  let index = 0;
  while (index < line.length) {
    const codePoint = line.codePointAt(index)!;
    const units = codePoint > 0xffff ? 2 : 1;
    const octetsOf = width(codePoint);
    // The continuation's leading space counts towards its 75 octets.
    if (size + octetsOf > 75) {
      parts.push(line.slice(start, index));
      start = index;
      size = 1;
    }
    size += octetsOf;
    index += units;
  }
  parts.push(line.slice(start));
  return parts.join('\r\n ');
}

/** Undoes folding: a CRLF followed by one space or tab is removed (§3.1). */
export const unfold = (text: string): string => text.replace(/\r\n[ \t]/g, '');
