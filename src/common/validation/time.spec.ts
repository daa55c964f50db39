import fc from 'fast-check';
import { DateTime } from 'luxon';
import { exists } from './time';

/** The verdict `exists` replaced: Luxon's, and Date.parse's, both. */
const luxonVerdict = (value: string) =>
  DateTime.fromISO(value, { setZone: true }).isValid && !Number.isNaN(Date.parse(value));

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

/** Two digits, mostly near the edges of what a field takes. */
const field = (edges: number[]) =>
  fc.oneof(
    digits(2),
    fc.constantFrom(...edges).map((n) => String(n).padStart(2, '0')),
  );

const year = fc.oneof(
  digits(4),
  fc.constantFrom('0000', '1900', '2000', '2024', '2027', '2100', '2400', '9999'),
);
const day = fc
  .tuple(year, field([0, 1, 2, 12, 13]), field([0, 1, 28, 29, 30, 31, 32]))
  .map(([y, m, d]) => `${y}-${m}-${d}`);
const time = fc
  .tuple(
    field([0, 23, 24, 25]),
    field([0, 59, 60]),
    fc.option(field([0, 59, 60]), { nil: undefined }),
    fc.option(
      fc.integer({ min: 1, max: 6 }).chain((n) => fc.oneof(digits(n), fc.constant('0'.repeat(n)))),
      { nil: undefined },
    ),
  )
  .map(
    ([h, m, s, f]) => `${h}:${m}${s === undefined ? '' : `:${s}${f === undefined ? '' : `.${f}`}`}`,
  );
const offset = fc.oneof(
  fc.constant('Z'),
  fc
    .tuple(fc.constantFrom('+', '-'), field([0, 1, 14, 23, 24]), field([0, 30, 59, 60]))
    .map(([sign, h, m]) => `${sign}${h}:${m}`),
);
const instant = fc.tuple(day, time, offset).map(([d, t, o]) => `${d}T${t}${o}`);

describe('exists (days and instants that are on the calendar)', () => {
  it('agrees with Luxon and Date.parse on 30,000 days and instants near every edge', () => {
    fc.assert(
      fc.property(fc.oneof(day, instant), (value) => {
        expect(exists(value)).toBe(luxonVerdict(value));
      }),
      { numRuns: 30_000 },
    );
  });

  it.each([
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2100-02-29T10:00Z', false],
    ['2000-02-29T10:00Z', true],
    ['2027-04-31T10:00+02:00', false],
    ['2027-03-28T24:00Z', true],
    ['2027-03-28T24:00:01Z', false],
    ['2027-03-28T24:00:00.001Z', false],
    ['2027-03-28T23:60Z', false],
    ['2027-03-28T23:59:60Z', false],
    ['2027-03-28T10:00+24:00', false],
    ['2027-13-01', false],
    ['2027-00-10', false],
    ['2027-01-00', false],
  ])('%s exists: %s', (value, expected) => {
    expect(exists(value)).toBe(expected);
    expect(luxonVerdict(value)).toBe(expected);
  });
});
