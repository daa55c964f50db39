import { DateTime } from 'luxon';
import {
  berlin,
  book,
  bookingInput,
  BookingStage,
  createBookableRoom,
  createStage,
  ZONE,
} from '../support/booking-factories';
import { expectUnchanged, startTestApp, TestApp } from '../support/test-app';

const localClock = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat('ccc HH:mm');

describe('recurring bookings', () => {
  let app: TestApp;
  let stage: BookingStage;

  beforeAll(async () => {
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0' });
    stage = await createStage(app);
  });
  afterAll(() => app.close());

  const weekly = (roomId: string, extra: Record<string, unknown> = {}) =>
    bookingInput(
      roomId,
      stage.requesterOrganizationId,
      berlin('2027-02-02T19:00'),
      berlin('2027-02-02T21:00'),
      {
        title: 'Deutschkurs',
        recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=TU', until: '2027-05-25' },
        ...extra,
      },
    );

  it('books a weekly 19:00–21:00 series from February to May at 19:00 local every time', async () => {
    const room = await createBookableRoom(app, stage);
    const result = await book(app, stage.requester, weekly(room.id));
    expect(result.conflicts).toEqual([]);
    expect(result.created).toHaveLength(17);
    for (const booking of result.created as {
      startsAt: string;
      endsAt: string;
      seriesId: string;
    }[]) {
      expect(localClock(booking.startsAt)).toBe('Tue 19:00');
      expect(localClock(booking.endsAt)).toBe('Tue 21:00');
      expect(booking.seriesId).toBe(result.seriesId);
    }
    const utcHours = new Set(
      result.created.map((b: { startsAt: string }) => new Date(b.startsAt).getUTCHours()),
    );
    expect(utcHours).toEqual(new Set([18, 17]));

    const series = await app.get(`/api/booking-series/${result.seriesId}`, {
      token: stage.member.token,
    });
    expect(series.status).toBe(200);
    // "until" is the whole last day in Berlin, so that an RRULE UNTIL keeps 25 May.
    expect(series.body.until).toBe(new Date(berlin('2027-05-25T23:59:59.999')).toISOString());
    expect(series.body).toMatchObject({
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
      timeZone: ZONE,
      title: 'Deutschkurs',
    });
    expect(series.body.bookings).toHaveLength(17);
    const audited = await app.db.query(
      `SELECT count(*)::int AS n FROM audit_log a JOIN bookings b ON b.id = a.entity_id WHERE b.series_id = $1`,
      [result.seriesId],
    );
    expect(audited[0].n).toBe(17);
    // The room's feed change counter moves once for the series' one INSERT, not once per date.
    const counted = await app.db.query(
      `SELECT version::int AS version FROM room_booking_versions WHERE room_id = $1`,
      [room.id],
    );
    expect(counted).toEqual([{ version: 1 }]);
  });

  it('books all or nothing by default, and only the free dates with partial', async () => {
    const room = await createBookableRoom(app, stage);
    // Someone else holds the evening of 2 March.
    await book(
      app,
      stage.owner,
      bookingInput(
        room.id,
        stage.organizationId,
        berlin('2027-03-02T18:00'),
        berlin('2027-03-02T20:00'),
      ),
    );
    const refused = await expectUnchanged(app.db, () =>
      app.post('/api/bookings', weekly(room.id), { token: stage.requester.token }),
    );
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('/problems/series-conflicts');
    expect(refused.body.conflicts).toEqual([
      {
        startsAt: new Date(berlin('2027-03-02T19:00')).toISOString(),
        endsAt: new Date(berlin('2027-03-02T21:00')).toISOString(),
        code: 'SLOT_TAKEN',
        reason: 'Der Raum ist zu dieser Zeit schon gebucht oder angefragt.',
      },
    ]);

    // In the language asked for; the holder's name (not the requester's) is not told.
    const answer = await app.post('/api/bookings', weekly(room.id, { partial: true }), {
      token: stage.requester.token,
      headers: { 'accept-language': 'en' },
    });
    expect(answer.status).toBe(201);
    const partial = answer.body;
    expect(partial.created).toHaveLength(16);
    expect(partial.conflicts).toEqual([
      {
        startsAt: new Date(berlin('2027-03-02T19:00')).toISOString(),
        endsAt: new Date(berlin('2027-03-02T21:00')).toISOString(),
        code: 'SLOT_TAKEN',
        reason: expect.stringMatching(/^The room is already /),
      },
    ]);
  });

  it('reports each occurrence against each rule', async () => {
    const room = await createBookableRoom(app, stage, { monthlyHoursPerOrganization: 4 });
    const result = await book(
      app,
      stage.requester,
      bookingInput(
        room.id,
        stage.requesterOrganizationId,
        berlin('2027-04-06T10:00'),
        berlin('2027-04-06T12:00'),
        {
          recurrence: { rrule: 'FREQ=WEEKLY', count: 4 },
          partial: true,
        },
      ),
    );
    // Two sessions of two hours fill April's four hours.
    expect(result.created).toHaveLength(2);
    expect(result.conflicts.map((c: { code: string }) => c.code)).toEqual([
      'MONTHLY_HOURS_EXCEEDED',
      'MONTHLY_HOURS_EXCEEDED',
    ]);
    // The rule in words, its figures filled in.
    expect(result.conflicts[0].reason).toMatch(/höchstens 4 Stunden im Monat .*schon 4 Stunden/);
  });

  it('cancels one occurrence, this and the following, or the whole series', async () => {
    const room = await createBookableRoom(app, stage);
    const result = await book(
      app,
      stage.requester,
      bookingInput(
        room.id,
        stage.requesterOrganizationId,
        berlin('2027-01-05T18:00'),
        berlin('2027-01-05T19:30'),
        {
          recurrence: { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', count: 8 },
        },
      ),
    );
    const ids = (result.created as { id: string }[]).map((b) => b.id);
    expect(ids).toHaveLength(8);

    const one = await app.post(
      `/api/bookings/${ids[1]}/cancel`,
      { reason: 'Feiertag' },
      { token: stage.requester.token },
    );
    expect(one.body.cancelled.map((b: { id: string }) => b.id)).toEqual([ids[1]]);

    const following = await app.post(
      `/api/bookings/${ids[5]}/cancel`,
      { scope: 'following' },
      { token: stage.requester.token },
    );
    expect(following.body.cancelled.map((b: { id: string }) => b.id)).toEqual(ids.slice(5));

    // "following" named on a date that is over cancels only the dates still to come.
    await app.db.query(
      `UPDATE bookings SET starts_at = starts_at - interval '800 days', ends_at = ends_at - interval '800 days' WHERE id = $1`,
      [ids[0]],
    );
    const fromPast = await app.post(
      `/api/bookings/${ids[0]}/cancel`,
      { scope: 'following' },
      { token: stage.requester.token },
    );
    expect(fromPast.body.cancelled.map((b: { id: string }) => b.id)).toEqual([
      ids[2],
      ids[3],
      ids[4],
    ]);
    const past = await app.get(`/api/bookings/${ids[0]}`, { token: stage.requester.token });
    expect(past.body).toMatchObject({ status: 'pending', sequence: 0 });
    await app.db.query(
      `UPDATE bookings SET starts_at = starts_at + interval '800 days', ends_at = ends_at + interval '800 days' WHERE id = $1`,
      [ids[0]],
    );

    const rest = await app.post(
      `/api/booking-series/${result.seriesId}/cancel`,
      { reason: 'Kurs endet' },
      { token: stage.owner.token },
    );
    expect(rest.body.cancelled.map((b: { id: string }) => b.id)).toEqual([ids[0]]);

    const series = await app.get(`/api/booking-series/${result.seriesId}`, {
      token: stage.requester.token,
    });
    expect(new Set(series.body.bookings.map((b: { status: string }) => b.status))).toEqual(
      new Set(['cancelled']),
    );
    expect(
      (await app.get(`/api/booking-series/${result.seriesId}`, { token: stage.outsider.token }))
        .status,
    ).toBe(404);
  });

  it('refuses more than a year or 200 dates, and a first date the rule does not make', async () => {
    const room = await createBookableRoom(app, stage);
    const base = bookingInput(
      room.id,
      stage.requesterOrganizationId,
      berlin('2027-01-04T10:00'),
      berlin('2027-01-04T11:00'),
    );
    for (const [recurrence, field] of [
      [{ rrule: 'FREQ=DAILY', count: 201 }, 'recurrence.count'],
      [{ rrule: 'FREQ=DAILY', count: 150, extra: 1 }, 'recurrence.extra'],
      [{ rrule: 'FREQ=WEEKLY', until: '2028-03-01' }, 'recurrence.rrule'],
      [{ rrule: 'FREQ=WEEKLY;BYDAY=TU', count: 3 }, 'recurrence.rrule'],
    ] as const) {
      const reply = await expectUnchanged(app.db, () =>
        app.post('/api/bookings', { ...base, recurrence }, { token: stage.requester.token }),
      );
      expect(reply.status).toBe(400);
      expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });
});
