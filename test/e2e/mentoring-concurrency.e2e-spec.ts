import { BookingStage, createStage } from '../support/booking-factories';
import { registerUser } from '../support/factories';
import {
  certifiedMentor,
  createRequest,
  expectStatus,
  propose,
} from '../support/mentoring-factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Accepting is one atomic step: two staff proposing for a mentor's last place, and two
 * mentors accepting one request, leave exactly one proposal or assignment — on the embedded
 * database and on a PostgreSQL server alike (row locks, the CHECK on places, the unique index).
 */
describe('mentoring: races', () => {
  let app: TestApp;
  let stage: BookingStage;
  let modules: string[];

  beforeAll(async () => {
    app = await startTestApp();
    stage = await createStage(app);
    const module = expectStatus(
      await app.post(
        '/api/mentoring/training-modules',
        { title: 'Grundlagen', hours: 2, required: true },
        { token: stage.admin.token },
      ),
      201,
      'module',
    ).body;
    modules = [module.id];
  }, 120_000);
  afterAll(async () => {
    await app.close();
  });

  const placesOf = async (mentorId: string) =>
    (
      await app.db.query<{ places_taken: number }[]>(
        `SELECT places_taken FROM mentors WHERE id = $1`,
        [mentorId],
      )
    )[0].places_taken;

  it('gives a mentor’s last place to one of two simultaneous proposals', async () => {
    const second = await registerUser(app, { name: 'Zweite Kollegin' });
    await app.db.query(`UPDATE users SET is_admin = true WHERE id = $1`, [second.id]);
    const user = await registerUser(app, { name: 'Hatice' });
    const mentor = await certifiedMentor(app, stage.admin, user, modules, { capacity: 2 });
    const first = await createRequest(app, stage.requester, stage.requesterOrganizationId);
    await propose(app, stage.admin, first.id, mentor.id);

    const requests = await Promise.all(
      [1, 2].map(() => createRequest(app, stage.requester, stage.requesterOrganizationId)),
    );
    const replies = await Promise.all(
      requests.map((request, index) =>
        app.post(
          `/api/mentoring/requests/${request.id}/assignments`,
          { mentorId: mentor.id },
          { token: index === 0 ? stage.admin.token : second.token },
        ),
      ),
    );
    expect(replies.map((reply) => reply.status).sort()).toEqual([201, 409]);
    const refused = replies.find((reply) => reply.status === 409)!;
    expect(refused.body.type).toMatch(/mentor-at-capacity$/);
    expect(await placesOf(mentor.id)).toBe(2);
    const [{ n }] = await app.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM mentoring_assignments
        WHERE mentor_id = $1 AND status = 'proposed'`,
      [mentor.id],
    );
    expect(n).toBe(2);
  });

  it('lets one of two mentors accepting one request win; the other’s place is free again', async () => {
    const users = await Promise.all(['Ilkay', 'Jana'].map((name) => registerUser(app, { name })));
    const mentors = await Promise.all(
      users.map((user) => certifiedMentor(app, stage.admin, user, modules)),
    );
    const request = await createRequest(app, stage.requester, stage.requesterOrganizationId);
    const proposals = [];
    for (const mentor of mentors)
      proposals.push(await propose(app, stage.admin, request.id, mentor.id));

    const replies = await Promise.all(
      proposals.map((proposal, index) =>
        app.post(
          `/api/mentoring/assignments/${proposal.id}/accept`,
          {},
          {
            token: users[index].token,
          },
        ),
      ),
    );
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409]);
    const rows = await app.db.query<{ status: string; mentor_id: string }[]>(
      `SELECT status, mentor_id FROM mentoring_assignments WHERE request_id = $1`,
      [request.id],
    );
    expect(rows.map((row) => row.status).sort()).toEqual(['active', 'withdrawn']);
    const winner = rows.find((row) => row.status === 'active')!.mentor_id;
    const loser = mentors.map((m) => m.id).find((id) => id !== winner)!;
    expect(await placesOf(winner)).toBe(1);
    expect(await placesOf(loser)).toBe(0);
    const status = await app.get(`/api/mentoring/requests/${request.id}`, {
      token: stage.requester.token,
    });
    expect(status.body.status).toBe('matched');
  });

  it('holds the rules in the database even without the application’s checks', async () => {
    const user = await registerUser(app, { name: 'Kemal' });
    const mentor = await certifiedMentor(app, stage.admin, user, modules, { capacity: 1 });
    await expect(
      app.db.query(`UPDATE mentors SET places_taken = 2 WHERE id = $1`, [mentor.id]),
    ).rejects.toMatchObject({ code: '23514' });
    const request = await createRequest(app, stage.requester, stage.requesterOrganizationId);
    const insert = () =>
      app.db.query(
        `INSERT INTO mentoring_assignments (request_id, mentor_id, status) VALUES ($1, $2, 'active')`,
        [request.id, mentor.id],
      );
    await insert();
    await expect(insert()).rejects.toMatchObject({ code: '23505' });
  });

  it('lets a mentor delete their account while staff propose them: nothing runs without a mentor', async () => {
    for (const name of ['Kerem', 'Lina', 'Mira']) {
      const user = await registerUser(app, { name });
      const mentor = await certifiedMentor(app, stage.admin, user, modules);
      const request = await createRequest(app, stage.requester, stage.requesterOrganizationId);
      const [deleted, proposed] = await Promise.all([
        app.post('/api/me/delete', { password: user.password }, { token: user.token }),
        app.post(
          `/api/mentoring/requests/${request.id}/assignments`,
          { mentorId: mentor.id },
          { token: stage.admin.token },
        ),
      ]);
      expect(deleted.status).toBe(204);
      // Before the deletion: proposed, then withdrawn by it. After: the mentor is gone (404),
      // or the proposal waited on the mentor's row and found no place left (409).
      expect([201, 404, 409]).toContain(proposed.status);
      const rows = await app.db.query<{ status: string; mentor_id: string | null }[]>(
        `SELECT status, mentor_id FROM mentoring_assignments WHERE request_id = $1`,
        [request.id],
      );
      expect(rows).toEqual(
        proposed.status === 201 ? [{ status: 'withdrawn', mentor_id: null }] : [],
      );
      const [{ n }] = await app.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM mentors WHERE id = $1`,
        [mentor.id],
      );
      expect(n).toBe(0);
    }
  });
});
