import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes RFC 4180 with a BOM and CRLF, quoting what needs it', () => {
    const csv = toCsv(
      ['name', 'hours'],
      [
        ['Bürgerhaus "Mitte", Saal', 12.5],
        ['two\nlines', null],
        ['< 3', 0],
      ],
      'comma',
    );
    expect(csv).toBe(
      '\uFEFFname,hours\r\n"Bürgerhaus ""Mitte"", Saal",12.5\r\n"two\nlines",\r\n< 3,0\r\n',
    );
  });

  it('uses semicolons and decimal commas for German spreadsheets', () => {
    expect(toCsv(['a', 'b'], [['x;y', 0.25]], 'semicolon')).toBe('\uFEFFa;b\r\n"x;y";0,25\r\n');
  });

  it('defuses what a spreadsheet would run as a formula', () => {
    expect(toCsv(['a'], [['=HYPERLINK("x")']], 'comma')).toBe(
      '\uFEFFa\r\n"\'=HYPERLINK(""x"")"\r\n',
    );
  });
});
