import { DateTime } from 'luxon';
import { Formatter } from '../shell/format';
import { buildWeek, weekStart } from './week-view';

const ZONE = 'Europe/Berlin';
const iso = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toUTC().toISO()!;

/** The week's slots as the zone's wall clock says them: "2026-10-25 02:00 free". */
function wallClock(
  monday: string,
  open: [string, string][],
  busy: [string, string][] = [],
  requestable = { now: 0, start: 0, end: Infinity },
) {
  const start = weekStart(monday, ZONE);
  const period = ([from, to]: [string, string]) => ({ startsAt: iso(from), endsAt: iso(to) });
  const week = buildWeek(start, open.map(period), busy.map(period), open.map(period), requestable);
  return week.days.flatMap((day) =>
    day.slots.map((slot) => {
      const from = DateTime.fromJSDate(slot.startsAt, { zone: ZONE });
      expect(slot.endsAt.getTime() - slot.startsAt.getTime()).toBe(3_600_000);
      return `${from.toFormat('yyyy-MM-dd HH:mm')} ${slot.state}`;
    }),
  );
}

describe('week view', () => {
  it('gives each day its wall-clock hours, also on the days summer time ends and begins', () => {
    // 25 October 2026: 03:00 summer time becomes 02:00 winter time; the 02:00 slot is the first
    // 02:00 (summer time), as the zone's rules say.
    const autumn = wallClock('2026-10-19', [['2026-10-25T01:00', '2026-10-25T05:00']]);
    expect(autumn.filter((slot) => slot.startsWith('2026-10-25'))).toEqual([
      '2026-10-25 01:00 free',
      '2026-10-25 02:00 free',
      '2026-10-25 03:00 free',
      '2026-10-25 04:00 free',
    ]);
    expect(autumn.filter((slot) => slot.startsWith('2026-10-24'))).toEqual([
      '2026-10-24 01:00 closed',
      '2026-10-24 02:00 closed',
      '2026-10-24 03:00 closed',
      '2026-10-24 04:00 closed',
    ]);
    // 28 March 2027: 02:00 does not exist; every other hour keeps its wall-clock time.
    const spring = wallClock(
      '2027-03-22',
      [['2027-03-28T09:00', '2027-03-28T11:00']],
      [['2027-03-27T09:30', '2027-03-27T10:00']],
    );
    expect(spring.filter((slot) => /-2[78] /.test(slot))).toEqual([
      '2027-03-27 09:00 busy',
      '2027-03-27 10:00 closed',
      '2027-03-28 09:00 free',
      '2027-03-28 10:00 free',
    ]);
  });

  it('runs its rows from the earliest opening to the latest closing hour, in the zone', () => {
    const rows = (zone: string, open: [string, string][]) =>
      buildWeek(
        weekStart('2026-12-07', zone),
        open.map(([from, to]) => ({
          startsAt: DateTime.fromISO(from, { zone }).toUTC().toISO()!,
          endsAt: DateTime.fromISO(to, { zone }).toUTC().toISO()!,
        })),
        [],
        [],
        { now: 0, start: 0, end: Infinity },
      ).hours;
    // A closing half past counts its hour; open until midnight runs to 24.
    expect(
      rows(ZONE, [
        ['2026-12-07T09:00', '2026-12-07T12:30'],
        ['2026-12-09T14:00', '2026-12-09T18:00'],
      ]),
    ).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(rows('America/New_York', [['2026-12-08T20:00', '2026-12-09T00:00']])).toEqual([
      20, 21, 22, 23,
    ]);
    // The week of the change to winter time: the hours of its days, too.
    expect(
      buildWeek(
        weekStart('2026-10-19', ZONE),
        [{ startsAt: iso('2026-10-25T07:00'), endsAt: iso('2026-10-25T09:15') }],
        [],
        [],
        { now: 0, start: 0, end: Infinity },
      ).hours,
    ).toEqual([7, 8, 9]);
  });

  it('offers only the free hours a request may start in now: not past, not too soon or far', () => {
    const at = (local: string) => Date.parse(iso(local));
    const requestable = {
      now: at('2026-12-07T10:30'),
      start: at('2026-12-08T10:30'), // 24 hours' notice
      end: at('2026-12-10T10:30'), // two days ahead at most
    };
    const open: [string, string][] = ['07', '08', '09', '10'].map((day) => [
      `2026-12-${day}T10:00`,
      `2026-12-${day}T12:00`,
    ]);
    expect(
      wallClock('2026-12-07', open, [], requestable).filter((s) => !/closed$/.test(s)),
    ).toEqual([
      '2026-12-07 10:00 past',
      '2026-12-07 11:00 tooSoon',
      '2026-12-08 10:00 tooSoon',
      '2026-12-08 11:00 free',
      '2026-12-09 10:00 free',
      '2026-12-09 11:00 free',
      '2026-12-10 10:00 free',
      '2026-12-10 11:00 tooFar',
    ]);
    const week = buildWeek(
      weekStart('2026-12-07', ZONE),
      open.map(([from, to]) => ({ startsAt: iso(from), endsAt: iso(to) })),
      [],
      open.map(([from, to]) => ({ startsAt: iso(from), endsAt: iso(to) })),
      requestable,
    );
    const list = week.days.flatMap((day) =>
      day.free.map((p) => `${p.startsAt.toISOString()} ${p.endsAt.toISOString()}`),
    );
    expect(list).toEqual([
      `${iso('2026-12-08T10:30')} ${iso('2026-12-08T12:00')}`,
      `${iso('2026-12-09T10:00')} ${iso('2026-12-09T12:00')}`,
      `${iso('2026-12-10T10:00')} ${iso('2026-12-10T12:00')}`,
    ]);
  });

  it('says until when the clock leaves the week as it is, and that it changes then', () => {
    const at = (local: string) => Date.parse(iso(local));
    const open = ['07', '08', '09', '10', '11'].map((day) => ({
      startsAt: iso(`2026-12-${day}T09:00`),
      endsAt: iso(`2026-12-${day}T13:20`),
    }));
    const busy = [{ startsAt: iso('2026-12-09T10:00'), endsAt: iso('2026-12-09T11:00') }];
    const free = open.flatMap((period) =>
      period.startsAt.includes('12-09')
        ? [
            { startsAt: period.startsAt, endsAt: busy[0].startsAt },
            { startsAt: busy[0].endsAt, endsAt: period.endsAt },
          ]
        : [period],
    );
    // 26 hours' notice, three days ahead at most.
    const seen = (now: number) => {
      const { start, changesAt, ...week } = buildWeek(
        weekStart('2026-12-07', ZONE),
        open,
        busy,
        free,
        {
          now,
          start: now + 26 * 3_600_000,
          end: now + 3 * 86_400_000,
        },
      );
      return { text: JSON.stringify(week), changesAt, start };
    };
    let changes = 0;
    // Every 11 minutes from the Sunday before to the Thursday.
    for (let now = at('2026-12-06T00:00'); now < at('2026-12-10T00:00'); now += 11 * 60_000) {
      const { text, changesAt } = seen(now);
      expect(changesAt).toBeGreaterThan(now);
      if (changesAt === Infinity) continue;
      changes++;
      // The same up to the last instant before, then not.
      for (const later of [now + 1, (now + changesAt) / 2, changesAt - 1]) {
        if (later < changesAt) expect(seen(Math.floor(later)).text).toBe(text);
      }
      expect(seen(changesAt).text).not.toBe(text);
    }
    expect(changes).toBeGreaterThan(400);
    // A week that is over does not change any more.
    expect(seen(at('2026-12-20T00:00')).changesAt).toBe(Infinity);
    // The list starts at the next quarter hour once the notice runs out inside a free period.
    const now = at('2026-12-07T08:07');
    const week = buildWeek(weekStart('2026-12-07', ZONE), open, busy, free, {
      now,
      start: now + 26 * 3_600_000,
      end: now + 3 * 86_400_000,
    });
    expect(week.days[1].free[0].startsAt.toISOString()).toBe(iso('2026-12-08T10:15'));
  });

  it('says a time range as the language does, the same from memory as freshly', () => {
    const from = new Date(iso('2026-12-07T10:00'));
    const to = new Date(iso('2026-12-07T12:30'));
    const fresh = (locale: string) =>
      new Intl.DateTimeFormat(`${locale}-u-ca-gregory`, {
        timeStyle: 'short',
        timeZone: ZONE,
      }).formatRange(from, to);
    for (const locale of ['de', 'en', 'ar', 'tr']) {
      const formatter = new Formatter(locale);
      expect(formatter.timeRange(from, to, ZONE)).toBe(fresh(locale));
      expect(formatter.timeRange(from, to, ZONE)).toBe(fresh(locale));
    }
    // Another day, same hours: the remembered words; another zone: its own.
    const next = (d: Date) => new Date(d.getTime() + 86_400_000);
    expect(new Formatter('de').timeRange(next(from), next(to), ZONE)).toBe('10:00–12:30 Uhr');
    expect(new Formatter('de').timeRange(from, to, 'Europe/London')).toBe('09:00–11:30 Uhr');
    // Over midnight the dates are said too.
    const late = new Date(iso('2026-12-07T22:00'));
    const early = new Date(iso('2026-12-08T01:00'));
    expect(new Formatter('de').timeRange(late, early, ZONE)).toMatch(/7\..*8\./);
  });
});
