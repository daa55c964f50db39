export type CsvDelimiter = 'comma' | 'semicolon';
export type CsvValue = string | number | boolean | null | undefined;

const BOM = '\uFEFF';

/**
 * A CSV file (RFC 4180): UTF-8 with a byte order mark, so that spreadsheet programs read the
 * umlauts; CRLF line ends; a field is quoted when it holds the delimiter, a quote, CR or LF,
 * or starts with a character a spreadsheet would read as a formula (then also prefixed with
 * an apostrophe, the OWASP advice). With `semicolon` (spreadsheets set to German) numbers
 * are written with a decimal comma, as those spreadsheets expect.
 */
export function toCsv(header: string[], rows: CsvValue[][], delimiter: CsvDelimiter): string {
  const separator = delimiter === 'semicolon' ? ';' : ',';
  const field = (value: CsvValue): string => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'number') {
      const text = String(value);
      return delimiter === 'semicolon' ? text.replace('.', ',') : text;
    }
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",;\r\n']/.test(text) || text.includes(separator)
      ? `"${text.replace(/"/g, '""')}"`
      : text;
  };
  const lines = [header, ...rows].map((line) => line.map(field).join(separator));
  return BOM + lines.join('\r\n') + '\r\n';
}
