import {
  BookingStage,
  createBookableRoom,
  createStage,
  futureDay,
  requestSlot,
} from '../support/booking-factories';
import { createFeedLink, getFeed, parseFeed } from '../support/calendar-feeds';
import {
  createForumRoom,
  createSession,
  registrationInput,
  sessionInput,
} from '../support/forum-factories';
import { expectUnchanged, startTestApp, TestApp } from '../support/test-app';

const PUBLIC_URL = 'https://raum.example.org';
const uid = (id: string) => `${id}@raum.example.org`;

/**
 * The forum in calendar feeds: the public programme (forum.ics) and the sessions an
 * organisation's members registered for in its feed, with the UID of the mailed invitation;
 * a cancelled session's registrations cancelled with it. And when the waitlist grows: the
 * larger rooms free at the session's time, and the move there in one step.
 */
describe('forum: feeds, larger rooms and moves', () => {
  let app: TestApp;
  let stage: BookingStage;
  let room: { id: string };
  const admin = () => ({ token: stage.admin.token });

  beforeAll(async () => {
    app = await startTestApp({ PUBLIC_URL, JOB_INTERVAL_SECONDS: '0' });
    stage = await createStage(app);
    room = await createForumRoom(app, stage, 30);
  }, 120_000);
  afterAll(() => app.close());

  it('publishes the public sessions, the organisations’ registered ones in their feeds', async () => {
    const day = futureDay(2, 1);
    const plan = (from: string, to: string, extra: Record<string, unknown> = {}) =>
      createSession(app, stage, sessionInput(room.id, day, from, to, extra));
    const open = await plan('09:00', '10:00');
    const mine = await plan('10:00', '11:00', { audience: 'members' });
    const theirs = await plan('11:00', '12:00');
    const draft = await plan('12:00', '13:00', { status: 'draft' });
    const off = await plan('13:00', '14:00');
    const neverShown = await plan('14:00', '15:00', { status: 'draft' });

    const register = (sessionId: string, n: string, token: string, organizationId: string) =>
      app.post(
        `/api/forum/sessions/${sessionId}/registrations`,
        registrationInput(n, { organizationId }),
        { token },
      );
    expect(
      (await register(mine.id, 'feed-1', stage.member.token, stage.organizationId)).body.status,
    ).toBe('confirmed');
    expect(
      (await register(off.id, 'feed-2', stage.member.token, stage.organizationId)).body.status,
    ).toBe('confirmed');
    expect(
      (await register(theirs.id, 'feed-3', stage.requester.token, stage.requesterOrganizationId))
        .body.status,
    ).toBe('confirmed');
    await app.post(`/api/forum/sessions/${neverShown.id}/cancel`, {}, admin());
    const cancelled = await app.post(`/api/forum/sessions/${off.id}/cancel`, {}, admin());
    expect(cancelled.body).toMatchObject({ status: 'cancelled', placesTaken: 0 });

    // The cancelled session's registrations are cancelled with it: nothing counts them.
    const registrations = await app.get(`/api/forum/sessions/${off.id}/registrations`, admin());
    expect(registrations.body.items.map((r: { status: string }) => r.status)).toEqual([
      'cancelled',
    ]);

    // The public programme, without a token.
    const forum = await getFeed(app, '/api/calendar/forum.ics');
    expect(forum.status).toBe(200);
    expect(forum.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const feed = parseFeed(forum.text);
    expect(feed.event(uid(open.id))).toMatchObject({
      summary: 'Fördermittel beantragen',
      status: 'CONFIRMED',
    });
    expect(feed.event(uid(open.id)).location).toBeTruthy();
    expect(feed.has(uid(theirs.id))).toBe(true);
    expect(feed.has(uid(mine.id))).toBe(false); // members only
    expect(feed.has(uid(draft.id))).toBe(false);
    expect(feed.has(uid(neverShown.id))).toBe(false); // a draft, cancelled before anyone saw it
    // Calendars that had it learn that it is off.
    expect(feed.event(uid(off.id))).toMatchObject({ status: 'CANCELLED', transp: 'TRANSPARENT' });
    expect(feed.event(uid(off.id)).sequence).toBe(1);

    const etag = forum.headers.get('etag')!;
    const again = await getFeed(app, '/api/calendar/forum.ics', { 'if-none-match': etag });
    expect(again.status).toBe(304);

    // The confirmation mail's invitation names the same event.
    const [mail] = await app.db.query<{ ics: string }[]>(
      `SELECT ics FROM outbox WHERE kind = 'forum.confirmed' AND recipient_email = $1`,
      ['gast-feed-1@example.org'],
    );
    expect(mail.ics).toContain(`UID:${uid(mine.id)}`);

    // The organisation's feed: its bookings and the sessions its members registered for.
    const link = await createFeedLink(app, stage.member, 'organization', stage.organizationId);
    const own = parseFeed((await getFeed(app, link.path)).text);
    expect(own.event(uid(mine.id)).status).toBe('CONFIRMED');
    expect(own.event(uid(off.id)).status).toBe('CANCELLED');
    expect(own.has(uid(theirs.id))).toBe(false);
    expect(own.has(uid(open.id))).toBe(false);
    const other = await createFeedLink(
      app,
      stage.requester,
      'organization',
      stage.requesterOrganizationId,
    );
    const their = parseFeed((await getFeed(app, other.path)).text);
    expect(their.has(uid(theirs.id))).toBe(true);
    expect(their.has(uid(mine.id))).toBe(false);
  });

  it('lists larger free rooms and moves the session there in one step, or changes nothing', async () => {
    const day = futureDay(2, 3);
    const small = await createForumRoom(app, stage, 3);
    const tiny = await createForumRoom(app, stage, 1);
    const big = await createForumRoom(app, stage, 40);
    const manual = await createBookableRoom(app, stage, {}, undefined, { capacity: 50 });
    const busy = await createForumRoom(app, stage, 60);
    await requestSlot(app, stage, busy.id, day, '17:00', '19:00');
    const session = await createSession(
      app,
      stage,
      sessionInput(small.id, day, '18:00', '20:00', { capacity: 2 }),
    );
    for (const n of [1, 2, 3]) {
      await app.post(
        `/api/forum/sessions/${session.id}/registrations`,
        registrationInput(`move-${n}`),
      );
    }
    const path = `/api/forum/sessions/${session.id}`;
    expect((await app.get(path)).body).toMatchObject({ placesTaken: 2, waitlistLength: 1 });

    const larger = await app.get(`${path}/larger-rooms?limit=100`, admin());
    expect(larger.status).toBe(200);
    const ids = larger.body.items.map((r: { id: string }) => r.id);
    expect(ids).toEqual(expect.arrayContaining([big.id, manual.id]));
    expect(ids).not.toContain(busy.id); // taken at that time
    expect(ids).not.toContain(small.id); // the session's own, held by it
    expect(ids).not.toContain(tiny.id);
    expect(larger.body.items.find((r: { id: string }) => r.id === manual.id)).toMatchObject({
      capacity: 50,
      approval: 'manual',
    });

    await expectUnchanged(app.db, async () => {
      const member = await app.get(`${path}/larger-rooms`, { token: stage.member.token });
      expect(member.status).toBe(403);
      const refusals: [Record<string, unknown>, number, RegExp | null][] = [
        [{ roomId: busy.id }, 409, null],
        [{ roomId: tiny.id }, 422, /capacity-above-room$/],
        [{ roomId: big.id, capacity: 41 }, 422, /capacity-above-room$/],
        [{ capacity: 3 }, 400, null],
        [{ roomId: null }, 400, null],
      ];
      for (const [body, status, type] of refusals) {
        const reply = await app.post(`${path}/move`, body, admin());
        expect([reply.status, reply.headers.get('content-type')]).toEqual([
          status,
          expect.stringContaining('application/problem+json'),
        ]);
        if (type) expect(reply.body.type).toMatch(type);
      }
      const unknown = await app.post(
        `/api/forum/sessions/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/move`,
        { roomId: big.id },
        admin(),
      );
      expect(unknown.status).toBe(404);
      const notStaff = await app.post(
        `${path}/move`,
        { roomId: big.id },
        {
          token: stage.member.token,
        },
      );
      expect(notStaff.status).toBe(403);
    });

    await app.db.query(`DELETE FROM outbox WHERE kind LIKE 'forum.%'`);
    const moved = await app.post(`${path}/move`, { roomId: big.id, capacity: 5 }, admin());
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      roomId: big.id,
      capacity: 5,
      placesTaken: 3,
      waitlistLength: 0,
      tentative: false,
      sequence: 1,
    });
    const old = await app.get(`/api/bookings/${session.bookingId}`, admin());
    expect(old.body.status).toBe('cancelled');
    const now = await app.get(`/api/bookings/${moved.body.bookingId}`, admin());
    expect(now.body).toMatchObject({ roomId: big.id, status: 'approved' });
    const mails = await app.db.query<{ kind: string; n: number }[]>(
      `SELECT kind, count(*)::int AS n FROM outbox WHERE kind LIKE 'forum.%' GROUP BY kind
        ORDER BY kind`,
    );
    expect(mails).toEqual([
      { kind: 'forum.moved', n: 3 },
      { kind: 'forum.promoted', n: 1 },
    ]);
  });

  it('lets one of two sessions moved into the same room at once have it; the other stays', async () => {
    const day = futureDay(2, 5);
    const target = await createForumRoom(app, stage, 40);
    const sessions = await Promise.all(
      [1, 2].map(async () => {
        const own = await createForumRoom(app, stage, 10);
        return createSession(
          app,
          stage,
          sessionInput(own.id, day, '18:00', '20:00', { capacity: 5 }),
        );
      }),
    );
    const replies = await Promise.all(
      sessions.map((session) =>
        app.post(`/api/forum/sessions/${session.id}/move`, { roomId: target.id }, admin()),
      ),
    );
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409]);
    const loser = sessions[replies.findIndex((reply) => reply.status === 409)];
    expect((await app.get(`/api/forum/sessions/${loser.id}`)).body).toMatchObject({
      roomId: loser.roomId,
      bookingId: loser.bookingId,
      sequence: 0,
    });
    const [{ held }] = await app.db.query<{ held: number }[]>(
      `SELECT count(*)::int AS held FROM bookings
        WHERE room_id = $1 AND status IN ('pending', 'approved')`,
      [target.id],
    );
    expect(held).toBe(1);
    const booking = await app.get(`/api/bookings/${loser.bookingId}`, admin());
    expect(booking.body.status).toBe('approved');
  });
});
