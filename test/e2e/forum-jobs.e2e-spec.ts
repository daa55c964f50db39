import { ForumAttendanceService } from '../../src/forum/forum-attendance.service';
import { ForumJobsService } from '../../src/forum/forum-jobs.service';
import { createStage, futureDay } from '../support/booking-factories';
import {
  createForumRoom,
  createSession,
  registrationInput,
  sessionInput,
  tokenOf,
} from '../support/forum-factories';
import { expectUnchanged, startTestApp, TestApp } from '../support/test-app';

/**
 * Attendance, the reminder the day before and the erasure of personal data. The clock is
 * moved by shifting a session's times in the database, as the jobs read them from there.
 */
describe('forum: attendance, reminders, erasure', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0', FORUM_ERASE_AFTER_DAYS: '30' });
  }, 120_000);
  afterAll(async () => {
    await app.close();
  });

  const shift = (sessionId: string, startsIn: string) =>
    app.db.query(
      `UPDATE forum_sessions SET starts_at = now() + $2::interval,
              ends_at = now() + $2::interval + interval '2 hours' WHERE id = $1`,
      [sessionId, startsIn],
    );

  it('records attendance after the start; a repeated registration is a 400; erasure keeps the counts', async () => {
    const stage = await createStage(app);
    const room = await createForumRoom(app, stage, 30);
    const session = await createSession(app, stage, sessionInput(room.id, futureDay(3, 2)));
    const path = `/api/forum/sessions/${session.id}/registrations`;
    const a = await app.post(path, registrationInput('att-a', { places: 2 }), {
      token: stage.member.token,
    });
    const b = await app.post(path, registrationInput('att-b'));
    const attendance = `/api/forum/sessions/${session.id}/attendance`;
    const admin = { token: stage.admin.token };

    await expectUnchanged(app.db, async () => {
      const early = await app.put(
        attendance,
        [{ registrationId: a.body.id, attended: true }],
        admin,
      );
      expect(early.status).toBe(422);
      expect(early.body.type).toMatch(/attendance-before-start$/);
    });
    await shift(session.id, '-3 hours');
    await expectUnchanged(app.db, async () => {
      const twice = await app.put(
        attendance,
        [
          { registrationId: a.body.id, attended: true },
          { registrationId: a.body.id, attended: false },
        ],
        admin,
      );
      expect(twice.status).toBe(400);
      expect(twice.body.errors[0].field).toBe('[1].registrationId');
      const stranger = await app.put(
        attendance,
        [{ registrationId: '7c1e0000-0000-4000-8000-00000000f022', attended: true }],
        admin,
      );
      expect(stranger.status).toBe(400);
      const member = await app.put(attendance, [], { token: stage.member.token });
      expect(member.status).toBe(403);
    });
    const recorded = await app.put(
      attendance,
      [
        { registrationId: a.body.id, attended: true },
        { registrationId: b.body.id, attended: false },
      ],
      admin,
    );
    expect(recorded.status).toBe(200);
    expect(recorded.body).toEqual({ recorded: 2, attended: 1, noShow: 1 });
    const read = app.running.app.get(ForumAttendanceService);
    expect(await read.attendedSessions(stage.member.id)).toMatchObject([{ sessionId: session.id }]);

    // 31 days after the end (erasure after 30): names, addresses and links are gone.
    await shift(session.id, '-31 days');
    const jobs = app.running.app.get(ForumJobsService);
    expect(await jobs.eraseDue()).toBe(2);
    const rows = await app.db.query<Record<string, unknown>[]>(
      `SELECT name, email, accessibility_needs, user_id, token_hash, places, attended, locale,
              status FROM forum_registrations WHERE session_id = $1 ORDER BY arrival`,
      [session.id],
    );
    expect(rows).toEqual([
      {
        name: null,
        email: null,
        accessibility_needs: null,
        user_id: null,
        token_hash: null,
        places: 2,
        attended: true,
        locale: 'de',
        status: 'confirmed',
      },
      {
        name: null,
        email: null,
        accessibility_needs: null,
        user_id: null,
        token_hash: null,
        places: 1,
        attended: false,
        locale: 'de',
        status: 'confirmed',
      },
    ]);
    const text = JSON.stringify(
      await app.db.query(`SELECT * FROM forum_registrations WHERE session_id = $1`, [session.id]),
    );
    expect(text).not.toContain('att-a');
    expect((await app.get(`/api/forum/registrations/${tokenOf(a.body.manageUrl)}`)).status).toBe(
      404,
    );
    expect(await jobs.eraseDue()).toBe(0);
  });

  it('reminds each registration once, also when the job runs twice at once (the outbox’s unique key decides)', async () => {
    const stage = await createStage(app);
    const room = await createForumRoom(app, stage, 30);
    const session = await createSession(app, stage, sessionInput(room.id, futureDay(3, 4)));
    const path = `/api/forum/sessions/${session.id}/registrations`;
    for (let i = 0; i < 3; i++) await app.post(path, registrationInput(`remind-${i}`));
    // Registered days ago, the session starts in 20 hours.
    await app.db.query(
      `UPDATE forum_registrations SET created_at = now() - interval '5 days' WHERE session_id = $1`,
      [session.id],
    );
    await shift(session.id, '20 hours');
    const jobs = app.running.app.get(ForumJobsService);
    const counts = await Promise.all([jobs.remindDue(), jobs.remindDue()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(await jobs.remindDue()).toBe(0);
    const mails = await app.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox WHERE kind = 'forum.reminder'`,
    );
    expect(mails[0].n).toBe(3);
  });
});
