import fc from 'fast-check';
import { DateTime } from 'luxon';
import { computeAvailability, HoldingBooking } from './availability';
import { Interval, intersect, normalise, overlaps, subtract } from '../common/time/intervals';
import { WeeklyHours } from '../common/time/opening-hours';

const zone = 'Europe/Berlin';
const HOUR = 3_600_000;
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const clock = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('ccc dd.MM. HH:mm');
const pad = (n: number) => String(n).padStart(2, '0');

/** Weekly hours with 0–3 non-overlapping intervals per weekday, on a 15-minute grid. */
const weeklyHours = fc
  .array(
    fc.record({
      weekday: fc.integer({ min: 1, max: 7 }),
      cuts: fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 2, maxLength: 6 }),
    }),
    { maxLength: 7 },
  )
  .map((days) => {
    const hours: WeeklyHours[] = [];
    const seen = new Set<number>();
    for (const { weekday, cuts } of days) {
      if (seen.has(weekday)) continue;
      seen.add(weekday);
      const sorted = [...cuts].sort((a, b) => a - b);
      for (let i = 0; i + 1 < sorted.length; i += 2) {
        const time = (q: number) =>
          q === 96 ? '24:00' : `${pad(Math.floor(q / 4))}:${pad((q % 4) * 15)}`;
        hours.push({ weekday, opens: time(sorted[i]), closes: time(sorted[i + 1]) });
      }
    }
    return hours;
  });

/** Windows that include the last Sundays of March and October (DST changes in Berlin). */
const windowStart = fc.constantFrom(
  at('2027-03-25T00:00'),
  at('2027-03-27T13:30'),
  at('2027-10-28T00:00'),
  at('2027-10-30T21:00'),
  at('2027-06-14T08:00'),
);

const spans = (base: number, max: number) =>
  fc
    .array(
      fc.record({
        offset: fc.integer({ min: -12, max: max }),
        length: fc.integer({ min: 1, max: 40 }),
      }),
      { maxLength: 8 },
    )
    .map((list) =>
      list.map(({ offset, length }) => ({
        start: base + (offset * HOUR) / 2,
        end: base + ((offset + length) * HOUR) / 2,
      })),
    );

const scenario = windowStart.chain((from) =>
  fc.record({
    hours: weeklyHours,
    from: fc.constant(from),
    days: fc.integer({ min: 1, max: 6 }),
    closures: spans(from, 250),
    bookings: spans(from, 250).chain((list) =>
      fc.tuple(...list.map(() => fc.constantFrom(0, 15, 30))).map((buffers) =>
        list.map((interval, i): HoldingBooking => ({
          ...interval,
          bufferMinutes: buffers[i] ?? 0,
        })),
      ),
    ),
    bufferMinutes: fc.constantFrom(0, 15, 30),
  }),
);

const disjointSorted = (intervals: Interval[]) =>
  intervals.every(
    (interval, i) =>
      interval.end > interval.start && (i === 0 || intervals[i - 1].end < interval.start),
  );

describe('availability (properties)', () => {
  it('free ∪ busy = open, free ∩ busy = ∅, nothing free in a closure or next to a booking', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const to = s.from + s.days * 24 * HOUR;
        const result = computeAvailability({ zone, ...s, to });
        expect(disjointSorted(result.open)).toBe(true);
        expect(disjointSorted(result.free)).toBe(true);
        expect(normalise([...result.free, ...result.busy])).toEqual(result.open);
        expect(intersect(result.free, normalise(result.busy))).toEqual([]);
        for (const free of result.free) {
          expect(free.start).toBeGreaterThanOrEqual(s.from);
          expect(free.end).toBeLessThanOrEqual(to);
          for (const closure of s.closures) expect(overlaps(free, closure)).toBe(false);
          for (const booking of s.bookings) {
            const blocked = {
              start: booking.start - s.bufferMinutes * 60_000,
              end: booking.end + booking.bufferMinutes * 60_000,
            };
            expect(overlaps(free, blocked)).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('interval algebra: subtract and intersect split the base exactly', () => {
    const intervals = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 60 })), {
        maxLength: 12,
      })
      .map((list) => normalise(list.map(([start, length]) => ({ start, end: start + length }))));
    fc.assert(
      fc.property(intervals, intervals, (a, b) => {
        const inside = intersect(a, b);
        const outside = subtract(a, b);
        expect(normalise([...inside, ...outside])).toEqual(a);
        expect(intersect(inside, outside)).toEqual([]);
        expect(intersect(outside, b)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('opening hours across DST', () => {
  const hours: WeeklyHours[] = [
    { weekday: 7, opens: '01:00', closes: '04:00' },
    { weekday: 7, opens: '19:00', closes: '21:00' },
    { weekday: 6, opens: '18:00', closes: '24:00' },
  ];

  it('keeps 19:00–21:00 local on the last Sunday of March, and the short night is short', () => {
    const { open } = computeAvailability({
      zone,
      hours,
      closures: [],
      bookings: [],
      bufferMinutes: 0,
      from: at('2027-03-27T00:00'),
      to: at('2027-03-29T00:00'),
    });
    expect(open.map((i) => `${clock(i.start)}–${clock(i.end)}`)).toEqual([
      'Sat 27.03. 18:00–Sun 28.03. 00:00',
      'Sun 28.03. 01:00–Sun 28.03. 04:00',
      'Sun 28.03. 19:00–Sun 28.03. 21:00',
    ]);
    // 01:00–04:00 on the night the clocks go forward lasts two hours, not three.
    expect(open[1].end - open[1].start).toBe(2 * HOUR);
    expect(open[2].end - open[2].start).toBe(2 * HOUR);
  });

  it('counts the doubled hour on the last Sunday of October once more', () => {
    const { open } = computeAvailability({
      zone,
      hours,
      closures: [],
      bookings: [],
      bufferMinutes: 0,
      from: at('2027-10-31T00:00'),
      to: at('2027-11-01T00:00'),
    });
    expect(open[0].end - open[0].start).toBe(4 * HOUR);
    expect(new Date(open[1].start).toISOString()).toBe('2027-10-31T18:00:00.000Z');
  });

  it('blocks the buffer after a booking and before the next', () => {
    const { busy, free } = computeAvailability({
      zone,
      hours: [{ weekday: 1, opens: '08:00', closes: '20:00' }],
      closures: [{ start: at('2027-06-14T18:00'), end: at('2027-06-14T22:00') }],
      bookings: [{ start: at('2027-06-14T10:00'), end: at('2027-06-14T12:00'), bufferMinutes: 30 }],
      bufferMinutes: 15,
      from: at('2027-06-14T00:00'),
      to: at('2027-06-15T00:00'),
    });
    expect(busy.map((i) => `${clock(i.start)}–${clock(i.end)}`)).toEqual([
      'Mon 14.06. 09:45–Mon 14.06. 12:30',
      'Mon 14.06. 18:00–Mon 14.06. 20:00',
    ]);
    expect(free.map((i) => `${clock(i.start)}–${clock(i.end)}`)).toEqual([
      'Mon 14.06. 08:00–Mon 14.06. 09:45',
      'Mon 14.06. 12:30–Mon 14.06. 18:00',
    ]);
  });
});
