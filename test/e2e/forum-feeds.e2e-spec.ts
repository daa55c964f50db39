import { BookingStage, createStage, futureDay } from '../support/booking-factories';
import { createFeedLink, getFeed, parseFeed } from '../support/calendar-feeds';
import {
  createForumRoom,
  createSession,
  registrationInput,
  sessionInput,
} from '../support/forum-factories';
import { startTestApp, TestApp } from '../support/test-app';

const PUBLIC_URL = 'https://raum.example.org';
const uid = (id: string) => `${id}@raum.example.org`;

/**
 * The forum in calendar feeds: the public programme (forum.ics) and the sessions an
 * organisation's members registered for in its feed, with the UID of the mailed invitation;
 * a cancelled session's registrations cancelled with it.
 */
describe('forum: feeds', () => {
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
});
