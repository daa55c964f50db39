import { DateTime } from 'luxon';
import { expandSeries, RecurrenceError } from './recurrence';

const zone = 'Europe/Berlin';
const local = (iso: string) => DateTime.fromISO(iso, { zone }).toJSDate();
const wallClock = (date: Date) =>
  DateTime.fromJSDate(date, { zone }).toFormat('ccc yyyy-MM-dd HH:mm');

const problem = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof RecurrenceError) return error.problem;
    throw error;
  }
  return 'none';
};

describe('expandSeries', () => {
  it('keeps a weekly 19:00–21:00 series at 19:00 local from February to May, across the DST change', () => {
    const occurrences = expandSeries(
      {
        startsAt: local('2027-02-02T19:00'),
        endsAt: local('2027-02-02T21:00'),
        rrule: 'FREQ=WEEKLY;BYDAY=TU',
        until: local('2027-05-25'),
      },
      zone,
    );
    expect(occurrences).toHaveLength(17);
    for (const occurrence of occurrences) {
      const start = DateTime.fromJSDate(occurrence.startsAt, { zone });
      const end = DateTime.fromJSDate(occurrence.endsAt, { zone });
      expect([start.weekday, start.hour, start.minute, end.hour, end.minute]).toEqual([
        2, 19, 0, 21, 0,
      ]);
    }
    // The UTC hour moves by one across the last Sunday of March (2027-03-28).
    expect(occurrences[7].startsAt.toISOString()).toBe('2027-03-23T18:00:00.000Z');
    expect(occurrences[8].startsAt.toISOString()).toBe('2027-03-30T17:00:00.000Z');
    expect(wallClock(occurrences[16].startsAt)).toBe('Tue 2027-05-25 19:00');
  });

  it('knows "every other week" and "first Tuesday of the month"', () => {
    const fortnightly = expandSeries(
      {
        startsAt: local('2027-01-05T10:00'),
        endsAt: local('2027-01-05T12:00'),
        rrule: 'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
        count: 4,
      },
      zone,
    );
    expect(fortnightly.map((o) => wallClock(o.startsAt))).toEqual([
      'Tue 2027-01-05 10:00',
      'Tue 2027-01-19 10:00',
      'Tue 2027-02-02 10:00',
      'Tue 2027-02-16 10:00',
    ]);
    const monthly = expandSeries(
      {
        startsAt: local('2027-09-07T18:30'),
        endsAt: local('2027-09-07T20:00'),
        rrule: 'FREQ=MONTHLY;BYDAY=1TU',
        count: 3,
      },
      zone,
    );
    expect(monthly.map((o) => wallClock(o.startsAt))).toEqual([
      'Tue 2027-09-07 18:30',
      'Tue 2027-10-05 18:30',
      'Tue 2027-11-02 18:30',
    ]);
    // Across the end of DST on the last Sunday of October the local time stays.
    expect(monthly[2].startsAt.toISOString()).toBe('2027-11-02T17:30:00.000Z');
  });

  it('keeps an evening that ends after midnight ending on the next day', () => {
    const [first, second] = expandSeries(
      {
        startsAt: local('2027-03-20T22:00'),
        endsAt: local('2027-03-21T01:00'),
        rrule: 'FREQ=WEEKLY',
        count: 2,
      },
      zone,
    );
    expect(wallClock(first.endsAt)).toBe('Sun 2027-03-21 01:00');
    expect(wallClock(second.endsAt)).toBe('Sun 2027-03-28 01:00');
    expect(second.endsAt.getTime() - second.startsAt.getTime()).toBe(3 * 3600_000);
  });

  it.each([
    ['FREQ=WEEKLY;COUNT=5', 'RRULE_PART_NOT_ALLOWED'],
    ['FREQ=WEEKLY;UNTIL=20271231T000000Z', 'RRULE_PART_NOT_ALLOWED'],
    ['FREQ=HOURLY', 'RRULE_INVALID'],
    ['FREQ=FORTNIGHTLY', 'RRULE_INVALID'],
    ['nonsense', 'RRULE_PART_NOT_ALLOWED'],
    ['FREQ=WEEKLY\nBYDAY=MO', 'RRULE_INVALID'],
  ])('refuses the rule %j', (rrule, expected) => {
    expect(
      problem(() =>
        expandSeries(
          {
            startsAt: local('2027-01-04T10:00'),
            endsAt: local('2027-01-04T11:00'),
            rrule,
            count: 3,
          },
          zone,
        ),
      ),
    ).toBe(expected);
  });

  it('needs an end, and refuses more than 200 occurrences or more than a year', () => {
    const base = { startsAt: local('2027-01-04T10:00'), endsAt: local('2027-01-04T11:00') };
    expect(problem(() => expandSeries({ ...base, rrule: 'FREQ=DAILY' }, zone))).toBe(
      'RRULE_END_MISSING',
    );
    expect(problem(() => expandSeries({ ...base, rrule: 'FREQ=DAILY', count: 201 }, zone))).toBe(
      'RRULE_TOO_LONG',
    );
    expect(
      problem(() =>
        expandSeries({ ...base, rrule: 'FREQ=WEEKLY', until: local('2028-06-01') }, zone),
      ),
    ).toBe('RRULE_TOO_LONG');
    expect(
      problem(() =>
        expandSeries({ ...base, rrule: 'FREQ=DAILY', until: local('2027-12-31') }, zone),
      ),
    ).toBe('RRULE_TOO_LONG');
    expect(expandSeries({ ...base, rrule: 'FREQ=DAILY', count: 200 }, zone)).toHaveLength(200);
    // Twenty months do not fit in a year: refused, not silently cut to thirteen.
    expect(problem(() => expandSeries({ ...base, rrule: 'FREQ=MONTHLY', count: 20 }, zone))).toBe(
      'RRULE_TOO_LONG',
    );
    expect(expandSeries({ ...base, rrule: 'FREQ=WEEKLY;', count: 2 }, zone)).toHaveLength(2);
  });

  it('refuses a first date the rule does not produce', () => {
    expect(
      problem(() =>
        expandSeries(
          {
            startsAt: local('2027-01-04T10:00'), // a Monday
            endsAt: local('2027-01-04T11:00'),
            rrule: 'FREQ=WEEKLY;BYDAY=TU',
            count: 3,
          },
          zone,
        ),
      ),
    ).toBe('RRULE_START_MISMATCH');
  });
});
