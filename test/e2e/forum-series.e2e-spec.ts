import { DateTime } from 'luxon';
import { berlin, BookingStage, createStage, requestSlot, ZONE } from '../support/booking-factories';
import { createForumRoom, sessionInput } from '../support/forum-factories';
import { expectUnchanged, startTestApp, TestApp } from '../support/test-app';

/** The first Wednesday of the next February, as "yyyy-MM-dd" (Berlin). */
function firstWednesdayOfFebruary(): string {
  const now = DateTime.now().setZone(ZONE);
  const year = now.month >= 2 ? now.year + 1 : now.year;
  let day = DateTime.fromObject({ year, month: 2, day: 1 }, { zone: ZONE });
  while (day.weekday !== 3) day = day.plus({ days: 1 });
  return day.toISODate()!;
}

const local = (iso: string) => DateTime.fromISO(iso).setZone(ZONE);

describe('forum: series of sessions', () => {
  let app: TestApp;
  let stage: BookingStage;
  let room: { id: string };

  beforeAll(async () => {
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0' });
    stage = await createStage(app);
    room = await createForumRoom(app, stage, 30);
  }, 120_000);
  afterAll(() => app.close());

  it('keeps the local time across DST, reports a taken date with its reason, and places it elsewhere', async () => {
    const first = firstWednesdayOfFebruary();
    const april = local(berlin(`${first}T18:00`))
      .plus({ months: 2 })
      .set({ day: 1 });
    let taken = april;
    while (taken.weekday !== 3) taken = taken.plus({ days: 1 });
    await requestSlot(app, stage, room.id, taken.toISODate()!, '17:00', '19:00');

    const input = {
      ...sessionInput(room.id, first, '18:00', '20:00', { kind: 'forum' }),
      recurrence: { rrule: 'FREQ=MONTHLY;BYDAY=1WE', count: 4 },
    };
    const reply = await app.post('/api/forum/series', input, {
      token: stage.admin.token,
      headers: { 'accept-language': 'en' },
    });
    expect(reply.status).toBe(201);
    const { seriesId, created, conflicts } = reply.body;
    expect(created).toHaveLength(3);
    // 18:00 in Berlin on every date, in winter (+01:00) and in summer (+02:00) alike.
    for (const session of created) {
      expect(local(session.startsAt).toFormat('ccc HH:mm')).toBe('Wed 18:00');
      expect(session.seriesId).toBe(seriesId);
    }
    const offsets = new Set(created.map((s: { startsAt: string }) => local(s.startsAt).offset));
    expect(offsets).toEqual(new Set([60, 120]));
    expect(conflicts).toEqual([
      {
        startsAt: new Date(berlin(`${taken.toISODate()}T18:00`)).toISOString(),
        endsAt: new Date(berlin(`${taken.toISODate()}T20:00`)).toISOString(),
        code: 'SLOT_TAKEN',
        reason: 'The room is already booked or requested at this time.',
      },
    ]);

    // The taken date goes to another room, in the same series.
    const other = await createForumRoom(app, stage, 30);
    const placed = await app.post(
      '/api/forum/sessions',
      {
        ...sessionInput(other.id, taken.toISODate()!, '18:00', '20:00', { kind: 'forum' }),
        seriesId,
      },
      { token: stage.admin.token },
    );
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ seriesId, roomId: other.id });
  });

  it('refuses a series no date of which can have the room, and a bad rule, changing nothing', async () => {
    const first = firstWednesdayOfFebruary();
    const day = local(berlin(`${first}T18:00`)).plus({ months: 5 });
    let wednesday = day.set({ day: 1 });
    while (wednesday.weekday !== 3) wednesday = wednesday.plus({ days: 1 });
    await requestSlot(app, stage, room.id, wednesday.toISODate()!, '17:00', '21:00');
    await expectUnchanged(app.db, async () => {
      const none = await app.post(
        '/api/forum/series',
        {
          ...sessionInput(room.id, wednesday.toISODate()!, '18:00', '20:00'),
          recurrence: { rrule: 'FREQ=MONTHLY;BYDAY=1WE', count: 1 },
        },
        { token: stage.admin.token },
      );
      expect(none.status).toBe(409);
      expect(none.body.type).toMatch(/series-without-room$/);
      expect(none.body.conflicts).toHaveLength(1);
      const bad = await app.post(
        '/api/forum/series',
        { ...sessionInput(room.id, first), recurrence: { rrule: 'FREQ=HOURLY', count: 2 } },
        { token: stage.admin.token },
      );
      expect(bad.status).toBe(400);
      const unknown = await app.post(
        '/api/forum/sessions',
        { ...sessionInput(room.id, first), seriesId: '7c1e0000-0000-4000-8000-00000000f022' },
        { token: stage.admin.token },
      );
      expect(unknown.status).toBe(422);
    });
  });
});
