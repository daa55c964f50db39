import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  bookingInput,
  BookingStage,
  createBookableRoom,
  createStage,
} from '../support/booking-factories';
import { addClosure, WeeklyInterval } from '../support/catalogue-factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * One rule path over HTTP and SQL: for a window, the free-room search finds the room iff a
 * request for it is accepted iff it lies in a free interval of the room's availability.
 * The pure property (thousands of cases) is in src/bookings/booking-rules.spec.ts; this one
 * runs the real queries, with fewer cases.
 */
describe('one rule path: search, request and availability agree', () => {
  let app: TestApp;
  let stage: BookingStage;

  beforeAll(async () => {
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0', MAIL_INTERVAL_SECONDS: '0' });
    stage = await createStage(app);
  });
  afterAll(() => app.close());

  const iso = (ms: number) => new Date(ms).toISOString();

  /** What each of the three paths says of [start, end) in the room. */
  async function verdicts(roomId: string, start: number, end: number) {
    const found = await app.get(
      `/api/rooms?venueId=${stage.venueId}&limit=100&freeFrom=${iso(start)}&freeTo=${iso(end)}`,
    );
    expect(found.status).toBe(200);
    const availability = await app.get(
      `/api/rooms/${roomId}/availability?from=${iso(start - 6 * 3_600_000)}&to=${iso(end + 6 * 3_600_000)}`,
    );
    expect(availability.status).toBe(200);
    const request = await app.post(
      '/api/bookings',
      bookingInput(roomId, stage.requesterOrganizationId, iso(start), iso(end)),
      { token: stage.requester.token },
    );
    expect([201, 409, 422]).toContain(request.status);
    if (request.status === 201) {
      // Leave the room as it was for the next window.
      const cancelled = await app.post(
        `/api/bookings/${request.body.id}/cancel`,
        {},
        {
          token: stage.requester.token,
        },
      );
      expect(cancelled.status).toBe(200);
    }
    const free = availability.body.free as { startsAt: string; endsAt: string }[];
    return {
      search: (found.body.items as { id: string }[]).some((room) => room.id === roomId),
      request: request.status === 201,
      availability: free.some(
        (f) => Date.parse(f.startsAt) <= start && end <= Date.parse(f.endsAt),
      ),
      reason: request.status === 201 ? null : (request.body.type as string),
    };
  }

  it('finds 12:00–14:00 in a room open 09–13 and 13–17, on all three paths', async () => {
    const split: WeeklyInterval[] = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
      { weekday, opens: '09:00', closes: '13:00' },
      { weekday, opens: '13:00', closes: '17:00' },
    ]);
    const room = await createBookableRoom(app, stage, {}, split);
    const day = DateTime.now().setZone('Europe/Berlin').plus({ weeks: 3 }).startOf('day');
    const at = (hour: number) => day.set({ hour }).toMillis();
    expect(await verdicts(room.id, at(12), at(14))).toEqual({
      search: true,
      request: true,
      availability: true,
      reason: null,
    });
    expect(await verdicts(room.id, at(16), at(18))).toMatchObject({
      search: false,
      request: false,
      availability: false,
    });
  });

  const ZONES = ['Europe/Berlin', 'America/New_York', 'UTC'];
  // Changes of daylight saving time within the rooms' horizon, and an ordinary day.
  const DAYS = ['2027-03-28', '2027-10-31', '2027-03-14', '2027-11-07', '2027-06-15'];
  const hhmm = (halfHours: number) =>
    halfHours === 48
      ? '24:00'
      : `${String(Math.floor(halfHours / 2)).padStart(2, '0')}:${halfHours % 2 ? '30' : '00'}`;

  const roomCase = fc.record({
    zone: fc.constantFrom(...ZONES),
    day: fc.constantFrom(...DAYS),
    bufferMinutes: fc.constantFrom(0, 15, 30),
    // One day's pieces between cuts, most kept: kept neighbours touch (09–13 + 13–17).
    cuts: fc.uniqueArray(fc.integer({ min: 0, max: 48 }), { minLength: 3, maxLength: 6 }),
    kept: fc.array(fc.constantFrom(true, true, false), { minLength: 5, maxLength: 5 }),
    closure: fc.option(
      fc.record({ at: fc.integer({ min: 0, max: 40 }), length: fc.integer({ min: 1, max: 8 }) }),
    ),
    bookings: fc.array(
      fc.record({ at: fc.integer({ min: 0, max: 46 }), length: fc.integer({ min: 1, max: 6 }) }),
      { maxLength: 3 },
    ),
    windows: fc.array(
      fc.record({
        at: fc.integer({ min: -4, max: 96 }),
        quarters: fc.integer({ min: 1, max: 16 }),
      }),
      { minLength: 3, maxLength: 3 },
    ),
  });

  it('agree for random rooms, hours, closures, buffers, bookings and windows', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(roomCase, async (c) => {
        const sorted = [...c.cuts].sort((a, b) => a - b);
        const day: WeeklyInterval[] = sorted
          .slice(1)
          .flatMap((closes, i) =>
            c.kept[i] ? [{ weekday: 0, opens: hhmm(sorted[i]), closes: hhmm(closes) }] : [],
          );
        // The same hours every day, so that windows around midnight meet two days of them.
        const hours = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) =>
          day.map((interval) => ({ ...interval, weekday })),
        );
        const room = await createBookableRoom(
          app,
          stage,
          { bufferMinutes: c.bufferMinutes, minDurationMinutes: 15, maxDurationMinutes: 600 },
          hours,
          { timeZone: c.zone },
        );
        const base = DateTime.fromISO(c.day, { zone: c.zone }).toMillis();
        const halfHour = 30 * 60_000;
        if (c.closure) {
          await addClosure(app, stage.owner, room.id, {
            startsAt: iso(base + c.closure.at * halfHour),
            endsAt: iso(base + (c.closure.at + c.closure.length) * halfHour),
          });
        }
        for (const booking of c.bookings) {
          // Some are refused (closed, taken): those that are accepted hold the room.
          await app.post(
            '/api/bookings',
            bookingInput(
              room.id,
              stage.organizationId,
              iso(base + booking.at * halfHour),
              iso(base + (booking.at + booking.length) * halfHour),
            ),
            { token: stage.owner.token },
          );
        }
        for (const window of c.windows) {
          const start = base + window.at * (halfHour / 2);
          const result = await verdicts(room.id, start, start + window.quarters * (halfHour / 2));
          if (result.request) accepted++;
          expect({ search: result.search, availability: result.availability }).toEqual({
            search: result.request,
            availability: result.request,
          });
        }
      }),
      { numRuns: 14 },
    );
    expect(accepted).toBeGreaterThan(0);
    // Fourteen rooms of up to a hundred requests each: a minute on an idle machine's
    // embedded database is not enough on a busy one.
  }, 240_000);
});
