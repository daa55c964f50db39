import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '../../src/config/app-config';
import { OutboxWorker } from '../../src/notifications/outbox-worker.service';
import {
  BookingStage,
  createBookableRoom,
  createStage,
  futureDay,
  requestSlot,
} from '../support/booking-factories';
import { eventually, parseMail, SmtpSink } from '../support/smtp-sink';
import { createTestDatabase, serverUrl, TestDatabase } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

// The worker logs every refusal; here they are meant to happen.
const QUIET = { MAIL_INTERVAL_SECONDS: '0', JOB_INTERVAL_SECONDS: '0', LOG_LEVEL: 'error' };

const workerOf = (app: TestApp) => app.running.app.get(OutboxWorker);

/** Outbox ids in the Message-ID of what the server received: `<id@domain>`. */
const outboxIdOf = (messageId: string) => /^<([0-9a-f-]{36})@/.exec(messageId)?.[1];

/** A few requests: each mails the room's two owners; the series is one mail each too. */
async function makeRequests(app: TestApp, stage: BookingStage, week: number): Promise<void> {
  const room = await createBookableRoom(app, stage);
  const day = futureDay(week, 1);
  for (const hour of ['08', '10', '12', '14', '16']) {
    await requestSlot(app, stage, room.id, day, `${hour}:00`, `${hour}:45`);
  }
  await requestSlot(app, stage, room.id, day, '18:00', '19:00', {
    recurrence: { rrule: 'FREQ=WEEKLY', count: 5 },
  });
}

describe('mail delivery through a server that refuses mail for a while', () => {
  // Two instances on one database need a database server; the embedded database has one
  // connection and one process, so there two worker loops run side by side in one instance.
  const twoInstances = Boolean(serverUrl());
  let sink: SmtpSink;
  let database: TestDatabase | undefined;
  let apps: TestApp[];
  let stage: BookingStage;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    const env = {
      ...QUIET,
      SMTP_URL: sink.url,
      MAIL_FROM: 'Raum für Engagement <raum@example.org>',
      MAIL_RETRY_BASE_SECONDS: '1',
      MAIL_MAX_ATTEMPTS: '20',
    };
    if (twoInstances) {
      database = await createTestDatabase();
      apps = [await startTestApp(env, database), await startTestApp(env, database)];
    } else {
      apps = [await startTestApp(env)];
    }
    stage = await createStage(apps[0]);
  });
  afterAll(async () => {
    for (const app of apps ?? []) await app.close();
    await database?.drop();
    await sink.close();
  });

  it('delivers every message exactly once after it recovers, with two workers at work', async () => {
    const [app] = apps;
    const workers = twoInstances ? apps.map(workerOf) : [workerOf(app), workerOf(app)];
    /** Both workers at once, twice each, as instances and timers would overlap. */
    const runWorkers = () => Promise.all([...workers, ...workers].map((w) => w.deliverDue()));
    const attempts = async () =>
      (
        await app.db.query<{ min: number; n: number }[]>(
          `SELECT min(attempts)::int AS min, count(*)::int AS n FROM outbox`,
        )
      )[0];

    sink.refuse({ code: 451, stage: 'rcpt' });
    await makeRequests(app, stage, 5);
    const expected = (await attempts()).n;
    expect(expected).toBe(12);

    // Refused at RCPT TO, then — worse for the sender — only after the whole message was
    // transferred: neither counts as accepted.
    await eventually(async () => {
      await runWorkers();
      return (await attempts()).min >= 1;
    }, 'every message refused once');
    sink.refuse({ code: 451, stage: 'data' });
    await eventually(async () => {
      await runWorkers();
      return (await attempts()).min >= 2;
    }, 'every message refused twice');
    expect(sink.received).toHaveLength(0);
    expect(sink.refusals).toBeGreaterThanOrEqual(2 * expected);
    const waiting = await app.db.query(`SELECT status, last_error FROM outbox`);
    for (const row of waiting) {
      expect(row.status).toBe('pending');
      expect(row.last_error).toMatch(/451/);
    }

    sink.accept();
    await eventually(async () => {
      await runWorkers();
      const [{ n }] = await app.db.query(
        `SELECT count(*)::int AS n FROM outbox WHERE status <> 'sent'`,
      );
      return n === 0;
    }, 'every message sent');
    // Whatever is left to do, nothing goes out again.
    await runWorkers();

    const ids = (await app.db.query(`SELECT id FROM outbox`)).map((row: { id: string }) => row.id);
    const received = sink.take().map((mail) => outboxIdOf(mail.messageId));
    expect(received).toHaveLength(expected);
    expect(new Set(received).size).toBe(expected);
    expect(new Set(received)).toEqual(new Set(ids));
  });

  it('sends a message again when the worker that claimed it died, once its claim lapses', async () => {
    const [app] = apps;
    await makeRequests(app, stage, 9);
    const [victim] = await app.db.query(
      `SELECT id FROM outbox WHERE status = 'pending' ORDER BY created_at LIMIT 1`,
    );
    // As a worker leaves it when it stops between claiming and marking.
    await app.db.query(
      `UPDATE outbox SET status = 'sending', attempts = 1,
              next_attempt_at = now() + interval '10 minutes' WHERE id = $1`,
      [victim.id],
    );
    await workerOf(app).deliverDue();
    expect(sink.take().map((mail) => outboxIdOf(mail.messageId))).not.toContain(victim.id);

    await app.db.query(
      `UPDATE outbox SET next_attempt_at = now() - interval '1 second' WHERE id = $1`,
      [victim.id],
    );
    await workerOf(app).deliverDue();
    expect(sink.take().map((mail) => outboxIdOf(mail.messageId))).toEqual([victim.id]);
    const [row] = await app.db.query(`SELECT status, attempts FROM outbox WHERE id = $1`, [
      victim.id,
    ]);
    expect(row).toEqual({ status: 'sent', attempts: 2 });
  });
});

describe('mail given up on', () => {
  let sink: SmtpSink;
  let app: TestApp;
  let stage: BookingStage;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    app = await startTestApp({
      ...QUIET,
      SMTP_URL: sink.url,
      MAIL_RETRY_BASE_SECONDS: '0',
      MAIL_MAX_ATTEMPTS: '3',
    });
    stage = await createStage(app);
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  const failed = (token: string, query = '?status=failed') =>
    app.get(`/api/admin/outbox${query}`, { token });

  it('is marked failed after the last attempt, listed for admins, and sent once retried', async () => {
    const room = await createBookableRoom(app, stage);
    const day = futureDay(5, 3);
    const request = () => requestSlot(app, stage, room.id, day, '10:00', '11:00');

    sink.refuse({ code: 451, stage: 'rcpt' });
    const booking = await request();
    // No wait between attempts here: the three attempts come one after the other.
    expect(await workerOf(app).deliverDue()).toEqual({ sent: 0, deferred: 4, failed: 2 });

    const list = await failed(stage.admin.token);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 2, limit: 20, offset: 0 });
    for (const item of list.body.items) {
      expect(item).toMatchObject({
        kind: 'booking.requested',
        status: 'failed',
        attempts: 3,
        bookingId: booking.id,
        nextAttemptAt: null,
        sentAt: null,
        invitation: null,
      });
      expect(item.lastError).toMatch(/451/);
    }
    expect(
      list.body.items.map((item: { recipientEmail: string }) => item.recipientEmail).sort(),
    ).toEqual([stage.owner.email, stage.member.email].sort());
    const paged = await failed(stage.admin.token, '?status=failed&limit=1&offset=1');
    expect(paged.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(paged.body.items).toHaveLength(1);

    // A server that says "no such mailbox" is not asked again.
    sink.refuse({ code: 550, stage: 'rcpt' });
    await app.post(`/api/bookings/${booking.id}/cancel`, {}, { token: stage.requester.token });
    expect(await workerOf(app).deliverDue()).toEqual({ sent: 0, deferred: 0, failed: 3 });
    const all = await failed(stage.admin.token);
    expect(all.body.total).toBe(5);
    const cancelled = all.body.items.filter(
      (item: { kind: string }) => item.kind === 'booking.cancelled',
    );
    expect(cancelled).toHaveLength(3);
    for (const item of cancelled) expect(item).toMatchObject({ attempts: 1 });
    expect(
      cancelled.filter((item: { invitation: string }) => item.invitation === 'CANCEL'),
    ).toHaveLength(1);

    sink.accept();
    const id = list.body.items[0].id as string;
    const retried = await app.post(
      `/api/admin/outbox/${id}/retry`,
      {},
      {
        token: stage.admin.token,
      },
    );
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id, status: 'pending', attempts: 0 });
    expect(await workerOf(app).deliverDue()).toEqual({ sent: 1, deferred: 0, failed: 0 });
    expect(sink.take().map((mail) => outboxIdOf(mail.messageId))).toEqual([id]);
    expect((await failed(stage.admin.token)).body.total).toBe(4);
    const [audit] = await app.db.query(
      `SELECT actor_id FROM audit_log WHERE action = 'mail.retried' AND entity_id = $1`,
      [id],
    );
    expect(audit.actor_id).toBe(stage.admin.id);

    // Sent is sent: retrying it would deliver it twice.
    const again = await app.post(`/api/admin/outbox/${id}/retry`, {}, { token: stage.admin.token });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(again.body.type).toMatch(/mail-not-retryable$/);
  });

  it('is for admins only, and answers wrong input with problem details', async () => {
    const owner = stage.owner.token;
    expect((await failed(owner)).status).toBe(403);
    expect((await app.get('/api/admin/outbox')).status).toBe(401);
    const bad = await failed(stage.admin.token, '?status=lost');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((error: { field: string }) => error.field)).toEqual(['status']);

    const unknown = '00000000-0000-4000-8000-000000000000';
    const missing = await app.post(
      `/api/admin/outbox/${unknown}/retry`,
      {},
      {
        token: stage.admin.token,
      },
    );
    expect(missing.status).toBe(404);
    expect(missing.body.type).toMatch(/mail-not-found$/);
    expect(
      (await app.post('/api/admin/outbox/nope/retry', {}, { token: stage.admin.token })).status,
    ).toBe(400);
    expect(
      (await app.post(`/api/admin/outbox/${unknown}/retry`, {}, { token: owner })).status,
    ).toBe(403);
  });
});

describe('mail without a mail server', () => {
  let app: TestApp;
  let stage: BookingStage;
  let folder: string;

  beforeAll(async () => {
    app = await startTestApp({ ...QUIET, PUBLIC_URL: 'https://raum.example.org' });
    stage = await createStage(app);
    folder = join(app.running.app.get<AppConfig>(APP_CONFIG).dataDir, 'mail');
  });
  afterAll(() => app.close());

  const files = () =>
    readdirSync(folder)
      .filter((name) => name.endsWith('.eml'))
      .sort();

  it('is written as .eml files in the data folder, once per message', async () => {
    const room = await createBookableRoom(app, stage);
    const day = futureDay(5, 4);
    const booking = await requestSlot(app, stage, room.id, day, '10:00', '11:00');
    await app.post(`/api/bookings/${booking.id}/approve`, {}, { token: stage.owner.token });
    expect(await workerOf(app).deliverDue()).toMatchObject({ sent: 3, failed: 0 });

    const names = files();
    expect(names).toHaveLength(3);
    for (const name of names) expect(name).toMatch(/^\d{8}T\d{6}Z-[0-9a-f-]{36}\.eml$/);
    const mails = names.map((name) => parseMail(readFileSync(join(folder, name), 'utf8')));
    expect(mails.every((mail) => /\r\n/.test(mail.raw))).toBe(true);
    const approved = mails.find((mail) => mail.calendar)!;
    expect(approved.to).toContain(stage.requester.email);
    expect(approved.subject).toMatch(/^Buchung bestätigt: Elterncafé am /);
    expect(approved.calendar!.method).toBe('REQUEST');
    expect(approved.calendar!.content).toContain(`UID:${booking.id}@raum.example.org`);
    expect(approved.text).toContain('10:00–11:00 Uhr');

    // Written again (a worker died before marking it sent): the same file, not a second one.
    await app.db.query(`UPDATE outbox SET status = 'pending', sent_at = NULL WHERE id = $1`, [
      outboxIdOf(approved.messageId),
    ]);
    expect(await workerOf(app).deliverDue()).toMatchObject({ sent: 1 });
    expect(files()).toEqual(names);
  });
});

describe('the worker on its own', () => {
  let sink: SmtpSink;
  let app: TestApp;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    app = await startTestApp({ ...QUIET, SMTP_URL: sink.url, MAIL_INTERVAL_SECONDS: '1' });
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  it('delivers within seconds without being asked', async () => {
    const stage = await createStage(app);
    const room = await createBookableRoom(app, stage);
    const day = futureDay(5, 5);
    // Mails about the new accounts and organisations may have gone out already.
    await eventually(async () => {
      const [{ n }] = await app.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM outbox WHERE status <> 'sent'`,
      );
      return n === 0;
    }, 'the earlier mails');
    sink.take();
    await requestSlot(app, stage, room.id, day, '10:00', '11:00');
    const mails = await eventually(
      () => (sink.received.length >= 2 ? sink.received : null),
      'the owners’ mails',
    );
    expect(mails.map((mail) => mail.envelopeTo[0]).sort()).toEqual(
      [stage.owner.email, stage.member.email].sort(),
    );
  });
});
