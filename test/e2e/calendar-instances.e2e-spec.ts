import {
  berlin,
  book,
  bookingInput,
  BookingStage,
  createBookableRoom,
  createStage,
  futureDay,
} from '../support/booking-factories';
import { getFeed, parseFeed, uidOf } from '../support/calendar-feeds';
import {
  createSharedServerDatabase,
  createTestDatabase,
  serverUrl,
  sharedServerUrl,
  TestDatabase,
} from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';
import { DatabaseChanges } from '../../src/database/database-changes';

const feedPath = (roomId: string) => `/api/calendar/rooms/${roomId}.ics`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const listening = (app: TestApp) => app.running.app.get(DatabaseChanges).active;

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(20);
  }
}

/**
 * Status of a conditional request on `app` right after a change made elsewhere. The
 * notification travels from the database to the instance after the commit; a request in
 * that moment may still get the old answer. Within 2 s the 304 must be gone, and stay gone.
 */
async function statusAfterChange(app: TestApp, path: string, etag: string): Promise<number[]> {
  const statuses: number[] = [];
  const end = Date.now() + 2_000;
  for (;;) {
    const { status } = await getFeed(app, path, { 'if-none-match': etag });
    statuses.push(status);
    if (status === 200 || Date.now() > end) break;
    await sleep(10);
  }
  for (let index = 0; index < 5; index++) {
    statuses.push((await getFeed(app, path, { 'if-none-match': etag })).status);
  }
  return statuses;
}

/**
 * A room feed's 304 is answered without the database on the server, where `DatabaseChanges`
 * listens for the triggers' notifications. A change made through another instance, or
 * directly in the database, must never leave that instance answering 304 for the old feed,
 * and neither may a lost listening connection.
 */
(sharedServerUrl() ? describe : describe.skip)(
  'room feeds on two instances of one database',
  () => {
    let database: TestDatabase;
    let a: TestApp;
    let b: TestApp;
    let stage: BookingStage;

    beforeAll(async () => {
      database = await createSharedServerDatabase();
      a = await startTestApp({ JOB_INTERVAL_SECONDS: '0' }, database);
      b = await startTestApp({ JOB_INTERVAL_SECONDS: '0' }, database);
      stage = await createStage(a);
    });
    afterAll(async () => {
      await b?.close();
      await a?.close();
      await database?.drop();
    });

    const request = (roomId: string, day: string) =>
      bookingInput(
        roomId,
        stage.requesterOrganizationId,
        berlin(`${day}T19:00`),
        berlin(`${day}T21:00`),
      );

    it('both listen for changes', async () => {
      await until(() => listening(a) && listening(b), 'both instances listening');
    });

    it('answers 304 on either instance, and a change through the other ends it there', async () => {
      const room = await createBookableRoom(a, stage);
      const booking = await book(a, stage.requester, request(room.id, futureDay(4, 1)));
      const path = feedPath(room.id);
      const first = await getFeed(a, path);
      const etag = first.headers.get('etag')!;
      // Twice on each: the second answer comes from what the first remembered.
      for (const app of [a, a, b, b]) {
        expect((await getFeed(app, path, { 'if-none-match': etag })).status).toBe(304);
      }

      // Cancelled through b: a must stop answering 304 and show the cancellation.
      const cancel = await b.post(
        `/api/bookings/${booking.id}/cancel`,
        {},
        {
          token: stage.requester.token,
        },
      );
      expect([200, 201]).toContain(cancel.status);
      const statuses = await statusAfterChange(a, path, etag);
      expect(statuses.slice(-6)).toEqual([200, 200, 200, 200, 200, 200]);
      const changed = await getFeed(a, path);
      expect(changed.headers.get('etag')).not.toBe(etag);
      expect(parseFeed(changed.text).event(uidOf(a, booking.id)).status).toBe('CANCELLED');
      // b renders the same bytes under the same ETag.
      const onB = await getFeed(b, path);
      expect(onB.headers.get('etag')).toBe(changed.headers.get('etag'));
      expect(onB.text).toBe(changed.text);
    });

    it('ends the 304 when the room or its venue is renamed, or the room deactivated, elsewhere', async () => {
      const room = await createBookableRoom(a, stage);
      await book(a, stage.requester, request(room.id, futureDay(5, 2)));
      const path = feedPath(room.id);
      const changes = [
        `UPDATE rooms SET name = name || ' (neu)' WHERE id = $1`,
        `UPDATE venues SET name = name || ' (neu)' WHERE id = (SELECT venue_id FROM rooms WHERE id = $1)`,
      ];
      for (const change of changes) {
        const etag = (await getFeed(a, path)).headers.get('etag')!;
        expect((await getFeed(a, path, { 'if-none-match': etag })).status).toBe(304);
        expect((await getFeed(a, path, { 'if-none-match': etag })).status).toBe(304);
        // Directly in the database, through b's connection: no instance's code path at all.
        await b.db.query(change, [room.id]);
        const statuses = await statusAfterChange(a, path, etag);
        expect(statuses.slice(-6)).toEqual([200, 200, 200, 200, 200, 200]);
        expect((await getFeed(a, path)).text).toContain('(neu)');
      }
      const etag = (await getFeed(a, path)).headers.get('etag')!;
      expect((await getFeed(a, path, { 'if-none-match': etag })).status).toBe(304);
      await b.db.query(`UPDATE rooms SET active = false WHERE id = $1`, [room.id]);
      const statuses: number[] = [];
      const end = Date.now() + 2_000;
      do {
        statuses.push((await getFeed(a, path, { 'if-none-match': etag })).status);
      } while (statuses.at(-1) === 304 && Date.now() < end);
      expect(statuses.at(-1)).toBe(404);
    });

    it('trusts nothing read before its listening connection was lost, and listens again', async () => {
      const room = await createBookableRoom(a, stage);
      const booking = await book(a, stage.requester, request(room.id, futureDay(6, 3)));
      const path = feedPath(room.id);
      const etag = (await getFeed(a, path)).headers.get('etag')!;
      expect((await getFeed(a, path, { 'if-none-match': etag })).status).toBe(304);

      // Cut both instances' listening connections, then change the booking while nobody
      // listens: that notification reaches no one.
      await b.db.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'rfe-feed-changes' AND datname = current_database()`,
      );
      await until(() => !listening(a), 'a noticed the lost connection');
      await b.db.query(
        `UPDATE bookings SET title = 'Geändert', sequence = sequence + 1 WHERE id = $1`,
        [booking.id],
      );
      // Not listening: a asks the database, and sees the change at once.
      expect((await getFeed(a, path, { 'if-none-match': etag })).status).toBe(200);

      // Listening again (after about a second), the new feed is remembered and answered 304.
      await until(() => listening(a) && listening(b), 'listening again');
      const latest = (await getFeed(a, path)).headers.get('etag')!;
      expect(latest).not.toBe(etag);
      expect((await getFeed(a, path, { 'if-none-match': latest })).status).toBe(304);
      expect((await getFeed(a, path, { 'if-none-match': latest })).status).toBe(304);
      expect((await getFeed(a, path, { 'if-none-match': etag })).status).toBe(200);
    });
  },
);

describe('room feeds without a database server', () => {
  // The embedded database has one connection, which cannot stay in LISTEN: every request
  // asks the database, as before, and a change shows at once.
  // Only where there is no server: the describe above covers the server.
  if (!serverUrl())
    it('do not listen, and still answer 304 only while unchanged', async () => {
      const database = await createTestDatabase();
      const app = await startTestApp({ JOB_INTERVAL_SECONDS: '0' }, database);
      try {
        expect(listening(app)).toBe(false);
        const stage = await createStage(app);
        const room = await createBookableRoom(app, stage);
        const booking = await book(
          app,
          stage.requester,
          bookingInput(
            room.id,
            stage.requesterOrganizationId,
            berlin(`${futureDay(4)}T10:00`),
            berlin(`${futureDay(4)}T11:00`),
          ),
        );
        const path = feedPath(room.id);
        const etag = (await getFeed(app, path)).headers.get('etag')!;
        expect((await getFeed(app, path, { 'if-none-match': etag })).status).toBe(304);
        expect((await getFeed(app, path, { 'if-none-match': etag })).status).toBe(304);
        await app.db.query(`UPDATE bookings SET sequence = sequence + 1 WHERE id = $1`, [
          booking.id,
        ]);
        expect((await getFeed(app, path, { 'if-none-match': etag })).status).toBe(200);
      } finally {
        await app.close();
        await database.drop();
      }
    });
});
