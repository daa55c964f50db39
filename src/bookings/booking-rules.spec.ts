import fc from 'fast-check';
import { DateTime } from 'luxon';
import { computeAvailability } from '../availability/availability';
import { Interval, overlaps } from '../common/time/intervals';
import { WeeklyHours } from '../common/time/opening-hours';
import { ROOM_POLICY_DEFAULTS } from '../rooms/room.entity';
import { RoomPolicy } from '../rooms/rooms.contract';
import { passesRules } from './booking-free-window.service';
import {
  checkSlot,
  HoldingSlot,
  minutesByMonth,
  RuleCode,
  SlotContext,
  slotContext,
  checkTiming,
  timingChangesAt,
} from './booking-rules';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const POLICY: RoomPolicy = ROOM_POLICY_DEFAULTS;

const berlin = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Berlin' }).toMillis();
const span = (from: string, to: string): Interval => ({ start: berlin(from), end: berlin(to) });
const holding = (from: string, to: string, bufferMinutes = 0): HoldingSlot => ({
  id: `${from}`,
  organizationId: 'other',
  ...span(from, to),
  bufferMinutes,
});

/** 09:00–13:00 and 13:00–17:00 every day: two touching intervals, one open afternoon. */
const SPLIT_DAY: WeeklyHours[] = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
  { weekday, opens: '09:00:00', closes: '13:00:00' },
  { weekday, opens: '13:00:00', closes: '17:00:00' },
]);

function context(
  slot: Interval,
  overrides: Partial<RoomPolicy> = {},
  facts: Partial<{ closures: Interval[]; holding: HoldingSlot[]; monthly: Interval[] }> = {},
): SlotContext {
  return slotContext(
    { timeZone: 'Europe/Berlin', policy: { ...POLICY, ...overrides } },
    'mine',
    slot,
    berlin('2027-06-01T00:00'),
    { hours: SPLIT_DAY, closures: [], holding: [], monthly: [], ...facts },
  );
}

const codeOf = (
  slot: Interval,
  overrides: Partial<RoomPolicy> = {},
  facts: Parameters<typeof context>[2] = {},
): RuleCode | null => checkSlot(context(slot, overrides, facts), slot)?.code ?? null;

describe('checkSlot', () => {
  const noon = span('2027-06-14T12:00', '2027-06-14T14:00');

  it('accepts 12:00–14:00 across the touching intervals 09–13 and 13–17', () => {
    expect(codeOf(noon)).toBeNull();
    expect(codeOf(span('2027-06-14T16:00', '2027-06-14T17:30'))).toBe('OUTSIDE_OPENING_HOURS');
  });

  it('refuses by length, notice and horizon before it looks at the room', () => {
    const outside = span('2027-06-14T20:00', '2027-06-14T20:15');
    expect(codeOf(outside)).toBe('DURATION_TOO_SHORT');
    expect(codeOf(noon, { maxDurationMinutes: 60 })).toBe('DURATION_TOO_LONG');
    expect(codeOf(noon, { leadTimeHours: 24 * 14 })).toBe('NOTICE_TOO_SHORT');
    expect(codeOf(noon, { horizonDays: 7 })).toBe('TOO_FAR_AHEAD');
  });

  it('tells a closure, a taken slot and a too short buffer apart, in that order', () => {
    const closures = [span('2027-06-14T13:30', '2027-06-14T18:00')];
    const taken = [holding('2027-06-14T13:00', '2027-06-14T15:00')];
    expect(codeOf(noon, {}, { closures, holding: taken })).toBe('IN_CLOSURE');
    expect(codeOf(noon, {}, { holding: taken })).toBe('SLOT_TAKEN');
    // A booking 14:15–15:00 leaves 15 minutes: enough for no buffer, not for 30 minutes.
    const after = [holding('2027-06-14T14:15', '2027-06-14T15:00')];
    expect(codeOf(noon, {}, { holding: after })).toBeNull();
    expect(codeOf(noon, { bufferMinutes: 30 }, { holding: after })).toBe('WITHIN_BUFFER');
    // The buffer kept after an earlier booking is its own, as stored with it.
    const before = [holding('2027-06-14T10:00', '2027-06-14T11:50', 15)];
    expect(codeOf(noon, {}, { holding: before })).toBe('WITHIN_BUFFER');
    const blocking = checkSlot(context(noon, {}, { holding: before }), noon)?.blocking;
    expect(blocking?.map((b) => b.id)).toEqual(['2027-06-14T10:00']);
  });

  it('counts the monthly limit per local month, with what the organisation holds already', () => {
    const monthly = [span('2027-06-02T09:00', '2027-06-02T12:00')];
    expect(codeOf(noon, { monthlyHoursPerOrganization: 5 }, { monthly })).toBeNull();
    const refused = checkSlot(context(noon, { monthlyHoursPerOrganization: 4 }, { monthly }), noon);
    expect(refused).toEqual({
      code: 'MONTHLY_HOURS_EXCEEDED',
      params: { hours: 4, month: '2027-06', usedHours: 3 },
    });
  });

  it('knows an evening across midnight as one opening interval', () => {
    const night: WeeklyHours[] = [
      { weekday: 5, opens: '18:00', closes: '24:00' },
      { weekday: 6, opens: '00:00', closes: '02:00' },
    ];
    const slot = span('2027-06-18T22:00', '2027-06-19T01:30');
    const judged = checkSlot(
      slotContext(
        { timeZone: 'Europe/Berlin', policy: POLICY },
        'mine',
        slot,
        berlin('2027-06-01T00:00'),
        { hours: night, closures: [], holding: [], monthly: [] },
      ),
      slot,
    );
    expect(judged).toBeNull();
  });
});

describe('timingChangesAt', () => {
  const verdict = (policy: RoomPolicy, now: number, slot: Interval) =>
    checkTiming(policy, now, slot)?.code ?? null;

  it('is the first instant at which the verdict on the slot changes by the clock', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 72 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: -2 * 400 * 24 * 60, max: 2 * 400 * 24 * 60 }),
        fc.integer({ min: 0, max: 3 * 400 * 24 * 60 }),
        (leadTimeHours, horizonDays, startMinutes, nowOffsetMinutes) => {
          const policy = { ...POLICY, leadTimeHours, horizonDays, maxDurationMinutes: 600 };
          const start = startMinutes * MINUTE;
          const now = start - nowOffsetMinutes * MINUTE + (startMinutes % 7);
          const slot = { start, end: start + HOUR };
          const changesAt = timingChangesAt(policy, start, now);
          expect(changesAt).toBeGreaterThan(now);
          const before = verdict(policy, now, slot);
          // The same verdict up to the instant before it, a different one at it.
          if (changesAt === Infinity) {
            expect(verdict(policy, now + 1_000 * DAY, slot)).toBe(before);
          } else {
            expect(verdict(policy, changesAt - 1, slot)).toBe(before);
            expect(verdict(policy, changesAt, slot)).not.toBe(before);
            // Between, too (the verdict moves only at these instants).
            expect(verdict(policy, Math.floor((now + changesAt) / 2), slot)).toBe(before);
          }
        },
      ),
      // Always tried: lead time longer than the horizon, already too late and not yet within
      // the horizon (the notice's verdict is told first and never changes again).
      { numRuns: 2_000, examples: [[25, 1, 0, 1441]] },
    );
  });
});

describe('minutesByMonth', () => {
  it('splits a booking at the local midnight that starts a month', () => {
    const result = minutesByMonth(
      berlin('2027-06-30T22:00'),
      berlin('2027-07-01T01:30'),
      'Europe/Berlin',
    );
    expect([...result]).toEqual([
      ['2027-06', 120],
      ['2027-07', 90],
    ]);
  });

  it('uses the room zone, not UTC: 00:30 Berlin on 1 November is still October in UTC', () => {
    const start = berlin('2027-11-01T00:30');
    expect([...minutesByMonth(start, start + HOUR, 'Europe/Berlin')]).toEqual([['2027-11', 60]]);
    expect([...minutesByMonth(start, start + HOUR, 'UTC')]).toEqual([
      ['2027-10', 30],
      ['2027-11', 30],
    ]);
  });

  it('counts the night the clocks go back with its real length, and nothing for nothing', () => {
    const result = minutesByMonth(
      berlin('2027-10-31T00:00'),
      berlin('2027-10-31T04:00'),
      'Europe/Berlin',
    );
    expect([...result]).toEqual([['2027-10', 300]]);
    expect(minutesByMonth(berlin('2027-10-31T00:00'), berlin('2027-10-31T00:00'), 'UTC').size).toBe(
      0,
    );
  });
});

// ---- one rule path: request ⇔ search ⇔ availability ------------------------------------

const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'UTC', 'Asia/Kolkata'];
/** Days with a change of daylight saving time somewhere in ZONES, and an ordinary one. */
const DAYS = ['2027-03-28', '2027-10-31', '2027-03-14', '2027-11-07', '2027-04-04', '2027-06-15'];

const time = (halfHours: number) =>
  halfHours === 48
    ? '24:00'
    : `${String(Math.floor(halfHours / 2)).padStart(2, '0')}:${halfHours % 2 ? '30' : '00'}`;

/** Per weekday, consecutive pieces of a cut list, most of them kept: kept neighbours touch. */
const weeklyHours = fc
  .array(
    fc.record({
      cuts: fc.uniqueArray(fc.integer({ min: 0, max: 48 }), { minLength: 2, maxLength: 6 }),
      kept: fc.array(fc.constantFrom(true, true, false), { minLength: 5, maxLength: 5 }),
    }),
    { minLength: 7, maxLength: 7 },
  )
  .map((days) =>
    days.flatMap(({ cuts, kept }, index) => {
      const sorted = [...cuts].sort((a, b) => a - b);
      return sorted
        .slice(1)
        .flatMap((closes, i) =>
          kept[i] ? [{ weekday: index + 1, opens: time(sorted[i]), closes: time(closes) }] : [],
        );
    }),
  );

const pieces = (base: number, count: number) =>
  fc
    .array(
      fc.record({
        offset: fc.integer({ min: -8, max: 40 }),
        length: fc.integer({ min: 1, max: 12 }),
        buffer: fc.constantFrom(0, 15, 30),
      }),
      { maxLength: count },
    )
    .map((list) =>
      list.map(({ offset, length, buffer }, i) => ({
        id: `b${i}`,
        organizationId: 'other',
        start: base + offset * HOUR,
        end: base + (offset + length / 2) * HOUR,
        bufferMinutes: buffer,
      })),
    );

const scenario = fc
  .record({ zone: fc.constantFrom(...ZONES), day: fc.constantFrom(...DAYS) })
  .chain(({ zone, day }) => {
    const base = DateTime.fromISO(day, { zone }).toMillis();
    return fc.record({
      zone: fc.constant(zone),
      base: fc.constant(base),
      hours: weeklyHours,
      closures: pieces(base, 1).map((list) => list.map(({ start, end }) => ({ start, end }))),
      holding: pieces(base, 3),
      policy: fc.record({
        bufferMinutes: fc.constantFrom(0, 15, 30, 60),
        minDurationMinutes: fc.constantFrom(15, 15, 60),
        leadTimeHours: fc.constantFrom(0, 30),
        monthlyHoursPerOrganization: fc.constantFrom(null, 1, 3),
      }),
      now: fc.constantFrom(base - 3 * DAY, base - DAY),
      // On a quarter-hour grid, from the evening before to two days after the day.
      start: fc.integer({ min: -16, max: 192 }).map((q) => base + q * 15 * MINUTE),
      quarters: fc.integer({ min: 1, max: 24 }),
    });
  });

describe('one rule path (properties)', () => {
  it('a window is found by the search iff a request passes the rules iff it is free in the availability (and the time rules hold)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        const policy: RoomPolicy = { ...POLICY, ...s.policy, maxDurationMinutes: 600 };
        policy.horizonDays = 400;
        const window = { start: s.start, end: s.start + s.quarters * 15 * MINUTE };
        const closures = s.closures.filter((closure) => overlaps(closure, window));
        const room = { timeZone: s.zone, policy };

        // 1. The booking request: its context for the span, then checkSlot.
        const request = checkSlot(
          slotContext(room, 'mine', window, s.now, {
            hours: s.hours,
            closures,
            holding: s.holding,
            monthly: [],
          }),
          window,
        );

        // 2. The free-room search's confirmation, with the bookings its query would load.
        const near = s.holding.filter((b) =>
          overlaps(
            { start: b.start, end: b.end + b.bufferMinutes * MINUTE },
            { start: window.start, end: window.end + policy.bufferMinutes * MINUTE },
          ),
        );
        const search = passesRules(
          { id: 'r', timeZone: s.zone, policy, hours: s.hours, closures },
          near,
          window,
          s.now,
        );

        // 3. Availability over a range around the window, as a client would ask.
        const from = window.start - 6 * HOUR;
        const to = window.end + 6 * HOUR;
        const { free } = computeAvailability({
          zone: s.zone,
          hours: s.hours,
          closures: s.closures,
          bookings: s.holding,
          bufferMinutes: policy.bufferMinutes,
          from,
          to,
        });
        const inFree = free.some((f) => f.start <= window.start && window.end <= f.end);
        const limit = policy.monthlyHoursPerOrganization;
        const withinMonthly =
          limit === null ||
          [...minutesByMonth(window.start, window.end, s.zone).values()].every(
            (minutes) => minutes <= limit * 60,
          );
        const available = inFree && withinMonthly && !checkTiming(policy, s.now, window);

        if (request === null) accepted++;
        expect({ search, available }).toEqual({
          search: request === null,
          available: request === null,
        });
      }),
      { numRuns: 2500 },
    );
    // The property is not decided by refusals alone.
    expect(accepted).toBeGreaterThan(150);
  });
});
