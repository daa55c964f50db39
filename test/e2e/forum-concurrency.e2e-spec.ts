import { createStage, futureDay } from '../support/booking-factories';
import {
  createForumRoom,
  createSession,
  registrationInput,
  sessionInput,
  tokenOf,
} from '../support/forum-factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Capacity is a guarantee: the session's row is locked by every registration that takes or
 * frees places, and a CHECK keeps places_taken ≤ capacity. Run on the embedded database and,
 * with DATABASE_URL, on the server.
 */
describe('forum: registrations at the same moment', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0' });
  }, 120_000);
  afterAll(() => app.close());

  /** What the database holds for a session, by status, in order of arrival. */
  const rows = (sessionId: string) =>
    app.db.query<{ email: string; status: string; places: number; arrival: string }[]>(
      `SELECT email, status, places, arrival FROM forum_registrations
        WHERE session_id = $1 ORDER BY arrival`,
      [sessionId],
    );

  it('100 registrations for 20 places: exactly 20 confirmed, the rest waitlisted in order of arrival', async () => {
    const stage = await createStage(app);
    const room = await createForumRoom(app, stage, 30);
    const session = await createSession(app, stage, sessionInput(room.id, futureDay(3, 2)));

    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        app.post(`/api/forum/sessions/${session.id}/registrations`, registrationInput(`race-${i}`)),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(100).fill(201));
    const confirmed = replies.filter((r) => r.body.status === 'confirmed');
    expect(confirmed).toHaveLength(20);

    const held = await rows(session.id);
    // The first 20 to arrive (to take the lock) have the places; the others wait behind them.
    expect(held.slice(0, 20).every((r) => r.status === 'confirmed')).toBe(true);
    expect(held.slice(20).every((r) => r.status === 'waitlisted')).toBe(true);
    const positions = replies
      .filter((r) => r.body.status === 'waitlisted')
      .map((r) => r.body.waitlistPosition as number)
      .sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    const after = await app.get(`/api/forum/sessions/${session.id}`);
    expect(after.body).toMatchObject({ placesTaken: 20, waitlistLength: 80 });
  }, 300_000);

  it('cancellations and registrations mixed: never over capacity, no place free while someone fitting waits', async () => {
    const stage = await createStage(app);
    const room = await createForumRoom(app, stage, 30);
    const session = await createSession(
      app,
      stage,
      sessionInput(room.id, futureDay(3, 4), '18:00', '20:00', { capacity: 20 }),
    );
    const path = `/api/forum/sessions/${session.id}/registrations`;
    const first = [];
    for (let i = 0; i < 50; i++) {
      first.push(await app.post(path, registrationInput(`mix-${i}`, { places: 1 + (i % 3) })));
    }
    // 50 cancel (confirmed and waiting alike) while 50 newcomers register, all at once.
    const replies = await Promise.all([
      ...first.map((r) => app.delete(`/api/forum/registrations/${tokenOf(r.body.manageUrl)}`)),
      ...Array.from({ length: 50 }, (_, i) =>
        app.post(path, registrationInput(`new-${i}`, { places: 1 + (i % 2) })),
      ),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([
      ...Array(50).fill(200),
      ...Array(50).fill(201),
    ]);

    const held = await rows(session.id);
    const taken = held.filter((r) => r.status === 'confirmed').reduce((s, r) => s + r.places, 0);
    expect(taken).toBeLessThanOrEqual(20);
    const free = 20 - taken;
    const waiting = held.filter((r) => r.status === 'waitlisted');
    // Nobody waits who would fit into the free places.
    expect(waiting.filter((r) => r.places <= free)).toEqual([]);
    const after = await app.get(`/api/forum/sessions/${session.id}`);
    expect(after.body).toMatchObject({ placesTaken: taken, waitlistLength: waiting.length });
  }, 300_000);
});
