import { OutboxWorker } from '../../src/notifications/outbox-worker.service';
import {
  BookingStage,
  createBookableRoom,
  createStage,
  futureDay,
  requestSlot,
} from '../support/booking-factories';
import {
  addMember,
  createOrganization,
  login,
  loginAdmin,
  registerUser,
  TestUser,
} from '../support/factories';
import {
  certifiedMentor,
  createRequest,
  expectStatus,
  propose,
} from '../support/mentoring-factories';
import { eventually, ReceivedMail, SmtpSink } from '../support/smtp-sink';
import { expectUnchanged, startTestApp, TestApp } from '../support/test-app';

/** The secret of the link in a mail: `…?token=<43 characters>`. */
const linkSecret = (mail: ReceivedMail): string => {
  const match = /[?&]token=([A-Za-z0-9_-]{43})/.exec(mail.text);
  if (!match) throw new Error(`no link in: ${mail.text}`);
  return match[1];
};

/** Every table's rows as text, searched for `needle` (case-insensitive): the tables it is in. */
async function tablesContaining(app: TestApp, needle: string): Promise<string[]> {
  const tables = await app.db.query<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
  );
  const found: string[] = [];
  for (const { tablename } of tables) {
    const [row] = await app.db.query<{ n: string }[]>(
      `SELECT count(*)::text AS n FROM "${tablename}" t WHERE strpos(lower(t::text), lower($1)) > 0`,
      [needle],
    );
    if (row.n !== '0') found.push(tablename);
  }
  return found;
}

describe('accounts: confirmation, password, deletion, export, admins (real SMTP)', () => {
  let sink: SmtpSink;
  let app: TestApp;
  let stage: BookingStage;
  let room: { id: string };

  /** Delivers what the outbox holds and waits for the mail to `to` whose subject matches. */
  async function mailTo(to: string, subject: RegExp): Promise<ReceivedMail> {
    await app.running.app.get(OutboxWorker).deliverDue();
    return eventually(
      () =>
        sink.received.find((mail) => mail.envelopeTo.includes(to) && subject.test(mail.subject)),
      `mail to ${to}`,
    );
  }

  /** Deletes the person's account; none of `traces` is left in any table. */
  async function deleteAccount(person: TestUser, ...traces: string[]): Promise<void> {
    const deleted = await app.post(
      '/api/me/delete',
      { password: person.password },
      { token: person.token },
    );
    expect(deleted.status).toBe(204);
    for (const trace of traces)
      expect([trace, await tablesContaining(app, trace)]).toEqual([trace, []]);
  }

  beforeAll(async () => {
    sink = await SmtpSink.start();
    app = await startTestApp({ SMTP_URL: sink.url, PUBLIC_URL: 'http://raum.example.org' });
    stage = await createStage(app);
    room = await createBookableRoom(app, stage);
  });

  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  it('asks a new account to confirm its address before it requests bookings', async () => {
    const user = await registerUser(app, { confirmed: false, locale: 'de' });
    expect((await app.get('/api/me', { token: user.token })).body.emailConfirmed).toBe(false);
    const organization = await createOrganization(app, user);
    const input = {
      roomId: room.id,
      organizationId: organization.id,
      startsAt: `${futureDay(4, 1)}T10:00:00+01:00`,
      endsAt: `${futureDay(4, 1)}T11:00:00+01:00`,
      title: 'Treffen',
    };
    const refused = await expectUnchanged(app.db, () =>
      app.post('/api/bookings', input, { token: user.token }),
    );
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.type).toMatch(/email-not-confirmed$/);
    expect(refused.body.detail).toMatch(/bestätigen Sie zuerst Ihre E-Mail-Adresse/);

    const mail = await mailTo(user.email, /bestätigen Sie Ihre E-Mail-Adresse/);
    expect(mail.text).toContain('http://raum.example.org/confirm-email?token=');
    const secret = linkSecret(mail);
    expect((await app.post('/api/auth/email-confirmation', { token: secret })).status).toBe(204);
    const again = await expectUnchanged(app.db, () =>
      app.post('/api/auth/email-confirmation', { token: secret }),
    );
    expect(again.status).toBe(400);
    expect(again.body.type).toMatch(/link-invalid$/);
    expect((await app.get('/api/me', { token: user.token })).body.emailConfirmed).toBe(true);
    const resend = await expectUnchanged(app.db, () =>
      app.post('/api/me/email-confirmation', undefined, { token: user.token }),
    );
    expect(resend.status).toBe(409);
  });

  it('resends the confirmation, a few times an hour at most', async () => {
    const user = await registerUser(app, { confirmed: false });
    for (let i = 0; i < 2; i++) {
      expect(
        (await app.post('/api/me/email-confirmation', undefined, { token: user.token })).status,
      ).toBe(204);
    }
    const fourth = await expectUnchanged(app.db, () =>
      app.post('/api/me/email-confirmation', undefined, { token: user.token }),
    );
    expect(fourth.status).toBe(429);
  });

  it('resets a forgotten password once per link, with the same answer for unknown addresses', async () => {
    const user = await registerUser(app, { locale: 'en' });
    const known = await app.post('/api/auth/password-reset', { email: user.email.toUpperCase() });
    const unknown = await app.post('/api/auth/password-reset', { email: 'nobody@example.org' });
    expect(known.status).toBe(204);
    expect(unknown.status).toBe(204);
    expect(unknown.text).toBe(known.text);

    const mail = await mailTo(user.email, /New password/);
    expect(mail.text).toContain('http://raum.example.org/reset-password?token=');
    const secret = linkSecret(mail);
    const reset = await app.post('/api/auth/password-reset/complete', {
      token: secret,
      newPassword: 'a-brand-new-password',
    });
    expect(reset.status).toBe(204);
    // The link works once.
    const second = await expectUnchanged(app.db, () =>
      app.post('/api/auth/password-reset/complete', {
        token: secret,
        newPassword: 'yet-another-password',
      }),
    );
    expect(second.status).toBe(400);
    expect(second.body.type).toMatch(/link-invalid$/);
    expect(second.body.detail).toMatch(/abgelaufen oder wurde schon benutzt/);
    // The old login and the old password are gone; the new password works.
    expect((await app.get('/api/me', { token: user.token })).status).toBe(401);
    expect(
      (await app.post('/api/auth/login', { email: user.email, password: user.password })).status,
    ).toBe(401);
    await login(app, user.email, 'a-brand-new-password');
    expect(sink.received.some((m) => m.envelopeTo.includes('nobody@example.org'))).toBe(false);
  });

  it('sends at most three reset mails an hour to one account', async () => {
    const user = await registerUser(app);
    for (let i = 0; i < 5; i++) {
      expect((await app.post('/api/auth/password-reset', { email: user.email })).status).toBe(204);
    }
    const [{ n }] = await app.db.query<{ n: string }[]>(
      `SELECT count(*)::text AS n FROM outbox WHERE recipient_email = $1 AND kind = 'account.passwordReset'`,
      [user.email],
    );
    expect(n).toBe('3');
  });

  it('lets exactly one of two simultaneous resets with one link succeed', async () => {
    const user = await registerUser(app);
    await app.post('/api/auth/password-reset', { email: user.email });
    const secret = linkSecret(await mailTo(user.email, /Neues Passwort/));
    const replies = await Promise.all(
      ['first-new-password', 'second-new-password'].map((newPassword) =>
        app.post('/api/auth/password-reset/complete', { token: secret, newPassword }),
      ),
    );
    expect(replies.map((reply) => reply.status).sort()).toEqual([204, 400]);
    const winner = replies[0].status === 204 ? 'first-new-password' : 'second-new-password';
    await login(app, user.email, winner);
  });

  it('changes the password with the current one and ends other logins', async () => {
    const user = await registerUser(app);
    const otherDevice = await login(app, user.email, user.password);
    const wrong = await expectUnchanged(app.db, () =>
      app.post(
        '/api/me/password',
        { currentPassword: 'not-the-password', newPassword: 'changed-password-1' },
        { token: user.token },
      ),
    );
    expect(wrong.status).toBe(403);
    expect(wrong.body.type).toMatch(/password-wrong$/);
    const changed = await app.post(
      '/api/me/password',
      { currentPassword: user.password, newPassword: 'changed-password-1' },
      { token: user.token },
    );
    expect(changed.status).toBe(200);
    expect((await app.get('/api/me', { token: otherDevice })).status).toBe(401);
    expect((await app.get('/api/me', { token: user.token })).status).toBe(401);
    expect((await app.get('/api/me', { token: changed.body.accessToken })).status).toBe(200);
    await login(app, user.email, 'changed-password-1');
  });

  it('deletes an account: no name, address or hash left anywhere, bookings stay', async () => {
    const name = `Zeynep Gelöscht ${Date.now()}`;
    const person = await registerUser(app, { name });
    await addMember(app, stage.requesterOrganizationId, stage.requester, person);
    // A booking the person asked for, and a decision mail that names them.
    const booking = await requestSlot(
      app,
      { ...stage, requester: person },
      room.id,
      futureDay(5, 2),
      '10:00',
      '11:00',
    );
    const calendar = await app.post(
      '/api/calendar/tokens',
      { scope: 'user', subjectId: person.id },
      { token: person.token },
    );
    expect(calendar.status).toBe(201);
    await app.post('/api/auth/password-reset', { email: person.email });
    await app.running.app.get(OutboxWorker).deliverDue();
    const [{ password_hash: hash }] = await app.db.query<{ password_hash: string }[]>(
      `SELECT password_hash FROM users WHERE id = $1`,
      [person.id],
    );
    expect(await tablesContaining(app, person.email)).toEqual(
      expect.arrayContaining(['users', 'outbox']),
    );
    const bookingsBefore = await app.db.query(`SELECT count(*)::int AS n FROM bookings`);

    const wrong = await expectUnchanged(app.db, () =>
      app.post('/api/me/delete', { password: 'not-the-password' }, { token: person.token }),
    );
    expect(wrong.status).toBe(403);

    await deleteAccount(person, person.email, name, hash);
    expect(await app.db.query(`SELECT count(*)::int AS n FROM bookings`)).toEqual(bookingsBefore);
    const kept = await app.get(`/api/bookings/${booking.id}`, { token: stage.requester.token });
    expect(kept.status).toBe(200);
    expect(kept.body.organizationId).toBe(stage.requesterOrganizationId);
    expect((await app.get('/api/me', { token: person.token })).status).toBe(401);
    expect(
      (await app.post('/api/auth/login', { email: person.email, password: person.password }))
        .status,
    ).toBe(401);
  });

  it('deletes a mentor: profile and training go, the organisation keeps its assignments', async () => {
    const name = `Mentorin Gelöscht ${Date.now()}`;
    const person = await registerUser(app, { name });
    const admin = { token: stage.admin.token };
    const module = await app.post(
      '/api/mentoring/training-modules',
      { title: 'Vereinsrecht', hours: 2, required: false },
      admin,
    );
    const mentor = await certifiedMentor(app, stage.admin, person, [
      expectStatus(module, 201, 'module').body.id,
    ]);
    const requester = { token: stage.requester.token };
    const running = await createRequest(app, stage.requester, stage.requesterOrganizationId);
    const waiting = await createRequest(app, stage.requester, stage.requesterOrganizationId);
    const assignment = await propose(app, stage.admin, running.id, mentor.id);
    const proposal = await propose(app, stage.admin, waiting.id, mentor.id);
    const accept = `/api/mentoring/assignments/${assignment.id}/accept`;
    expectStatus(await app.post(accept, undefined, { token: person.token }), 200, 'accept');
    const meeting = await app.post(
      `/api/mentoring/assignments/${assignment.id}/meetings`,
      {
        startsAt: '2026-11-05T17:00:00Z',
        durationMinutes: 60,
        format: 'video',
        note: 'Satzung besprochen',
      },
      { token: person.token },
    );
    expectStatus(meeting, 201, 'meeting');

    // The export holds the mentor profile, the training and the meetings with the notes.
    const exported = (await app.get('/api/me/export', { token: person.token })).body;
    expect(exported.mentor).toMatchObject({ id: mentor.id, languages: ['de', 'tr'] });
    expect(exported.mentor.training).toEqual([
      expect.objectContaining({ title: 'Vereinsrecht', attendedOn: '2026-10-01' }),
    ]);
    expect(exported.mentor.meetings).toEqual([
      expect.objectContaining({ assignmentId: assignment.id, note: 'Satzung besprochen' }),
    ]);
    expect((await app.get('/api/me/export', { token: stage.requester.token })).body.mentor).toBe(
      null,
    );

    await deleteAccount(person, person.email, name);
    expect(await tablesContaining(app, mentor.id)).toEqual(['audit_log']);
    // The running assignment ended (by the mentor), its request open for another mentor; the
    // open proposal withdrawn; the meeting kept.
    const kept = await app.get(`/api/mentoring/assignments/${assignment.id}`, requester);
    expect(kept.body).toMatchObject({ status: 'ended', endedBy: 'mentor', mentorId: null });
    const withdrawn = await app.get(`/api/mentoring/assignments/${proposal.id}`, requester);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', mentorId: null });
    expect((await app.get(`/api/mentoring/requests/${running.id}`, requester)).body.status).toBe(
      'open',
    );
    const meetings = await app.get(
      `/api/mentoring/assignments/${assignment.id}/meetings`,
      requester,
    );
    expect(meetings.body.total).toBe(1);
  });

  it('refuses to delete the only owner of an organisation with other members', async () => {
    const owner = await registerUser(app);
    const member = await registerUser(app);
    const organization = await createOrganization(app, owner, { name: 'Frauencafé Emmertsgrund' });
    await addMember(app, organization.id, owner, member);
    const refused = await expectUnchanged(app.db, () =>
      app.post('/api/me/delete', { password: owner.password }, { token: owner.token }),
    );
    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/last-owner-of$/);
    expect(refused.body.detail).toContain('Frauencafé Emmertsgrund');
    expect(refused.body.organizations).toEqual([
      { id: organization.id, name: 'Frauencafé Emmertsgrund' },
    ]);
    // A member may leave at any time.
    expect(
      (await app.post('/api/me/delete', { password: member.password }, { token: member.token }))
        .status,
    ).toBe(204);
  });

  it('exports the caller’s data as JSON', async () => {
    const person = await registerUser(app, { name: 'Export Person' });
    await addMember(app, stage.requesterOrganizationId, stage.requester, person);
    await requestSlot(
      app,
      { ...stage, requester: person },
      room.id,
      futureDay(6, 3),
      '10:00',
      '11:00',
    );
    await app.post(
      '/api/calendar/tokens',
      { scope: 'user', subjectId: person.id },
      { token: person.token },
    );
    const exported = await app.get('/api/me/export', { token: person.token });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    expect(exported.body.profile).toMatchObject({
      id: person.id,
      email: person.email,
      name: 'Export Person',
    });
    expect(exported.body.memberships).toEqual([
      expect.objectContaining({ organizationId: stage.requesterOrganizationId, role: 'member' }),
    ]);
    expect(exported.body.bookingsRequested.total).toBe(1);
    expect(exported.body.calendarTokens).toEqual([expect.objectContaining({ scope: 'user' })]);
    expect(JSON.stringify(exported.body.calendarTokens)).not.toMatch(/hash|url/i);
    expect(exported.body.auditEntries.map((e: { action: string }) => e.action)).toContain(
      'booking.requested',
    );
    expect((await app.get('/api/me/export')).status).toBe(401);
  });

  it('lets admins find, block and unblock accounts', async () => {
    const admin = await loginAdmin(app);
    const user = await registerUser(app, { name: 'Blockierte Person' });
    const found = await app.get('/api/users?q=blockierte&limit=5', { token: admin.token });
    expect(found.status).toBe(200);
    expect(found.body.items.map((u: { id: string }) => u.id)).toContain(user.id);
    expect(found.body.limit).toBe(5);
    expect(
      (
        await expectUnchanged(app.db, () =>
          app.get('/api/users?limit=1000', { token: admin.token }),
        )
      ).status,
    ).toBe(400);
    expect((await app.get('/api/users', { token: user.token })).status).toBe(403);
    const byUser = await expectUnchanged(app.db, () =>
      app.post(`/api/users/${user.id}/block`, undefined, { token: user.token }),
    );
    expect(byUser.status).toBe(403);
    const self = await expectUnchanged(app.db, () =>
      app.post(`/api/users/${admin.id}/block`, undefined, { token: admin.token }),
    );
    expect(self.status).toBe(409);

    const blocked = await app.post(`/api/users/${user.id}/block`, undefined, {
      token: admin.token,
    });
    expect(blocked.status).toBe(200);
    expect(blocked.body.blocked).toBe(true);
    expect((await app.get('/api/me', { token: user.token })).status).toBe(401);
    const refused = await app.post('/api/auth/login', {
      email: user.email,
      password: user.password,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.type).toMatch(/account-blocked$/);

    const unblocked = await app.post(`/api/users/${user.id}/unblock`, undefined, {
      token: admin.token,
    });
    expect(unblocked.body.blocked).toBe(false);
    // Tokens from before the block stay void.
    expect((await app.get('/api/me', { token: user.token })).status).toBe(401);
    await login(app, user.email, user.password);
  });

  it('tells the admins by mail when an organisation waits for verification', async () => {
    const user = await registerUser(app);
    const created = await app.post(
      '/api/organizations',
      { name: 'Neuer Verein Boxberg', kind: 'association', languages: ['de'], fields: [] },
      { token: user.token },
    );
    expect(created.status).toBe(201);
    const organization = created.body as { id: string };
    const mail = await mailTo('admin@example.org', /Neuer Verein Boxberg/);
    expect(mail.subject).toBe('Neue Organisation wartet auf Prüfung: Neuer Verein Boxberg');
    expect(mail.text).toContain(organization.id);
  });

  it('shows admins the audit trail and anyone who sees a booking its history', async () => {
    const booking = await requestSlot(app, stage, room.id, futureDay(7, 4), '10:00', '11:00');
    await app.post(`/api/bookings/${booking.id}/approve`, {}, { token: stage.owner.token });
    const history = await app.get(`/api/bookings/${booking.id}/history`, {
      token: stage.requester.token,
    });
    expect(history.status).toBe(200);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual([
      'booking.requested',
      'booking.approved',
    ]);
    const outsider = await expectUnchanged(app.db, () =>
      app.get(`/api/bookings/${booking.id}/history`, { token: stage.outsider.token }),
    );
    expect(outsider.status).toBe(404);

    const trail = await app.get(
      `/api/audit?entity=booking&entityId=${booking.id}&actorId=${stage.owner.id}`,
      { token: stage.admin.token },
    );
    expect(trail.status).toBe(200);
    expect(trail.body.items).toEqual([
      expect.objectContaining({ action: 'booking.approved', actorId: stage.owner.id }),
    ]);
    expect(trail.body.total).toBe(1);
    const future = await app.get(`/api/audit?from=2099-01-01T00:00:00Z`, {
      token: stage.admin.token,
    });
    expect(future.body).toMatchObject({ items: [], total: 0 });
    expect((await app.get('/api/audit', { token: stage.owner.token })).status).toBe(403);
    expect((await app.get('/api/audit?from=yesterday', { token: stage.admin.token })).status).toBe(
      400,
    );
  });
});
