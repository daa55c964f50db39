import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { Actor } from '../../src/common/auth/actor';
import { DomainError } from '../../src/common/errors/domain-error';
import { BookingRequestsService } from '../../src/bookings/booking-requests.service';
import { CreateBookingDto } from '../../src/bookings/dto/create-booking.dto';
import { AuthService } from '../../src/identity/auth.service';
import {
  berlin,
  bookingInput,
  BookingStage,
  createBookableRoom,
  createStage,
  futureDay,
} from '../support/booking-factories';
import { bookingBatches } from '../support/booking-batches';
import {
  createSharedServerDatabase,
  sharedServerUrl,
  TestDatabase,
} from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Group commit (BookingRequestsService): single requests that arrive while a batch runs are
 * decided together in one transaction. The requests here are made in-process, all in one
 * tick, through the very method the controller calls: the first starts a batch of one at
 * once, the others wait for it and become the next batch, together — deterministically, on
 * both databases. Races over HTTP are in booking-concurrency.e2e-spec.ts.
 */
describe('booking requests decided in batches', () => {
  let app: TestApp;
  let stage: BookingStage;
  let requests: BookingRequestsService;
  let requester: Actor;
  let owner: Actor;
  const day = futureDay(5);

  beforeAll(async () => {
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0' });
    stage = await createStage(app);
    requests = app.running.app.get(BookingRequestsService);
    const auth = app.running.app.get(AuthService);
    requester = (await auth.verify(stage.requester.token)) as Actor;
    owner = (await auth.verify(stage.owner.token)) as Actor;
  });
  afterAll(() => app.close());

  const batches = () => bookingBatches(app);

  /** All in one tick: the first a batch of its own, the others one batch after it. */
  const together = (calls: { actor: Actor; input: Record<string, unknown> }[]) =>
    Promise.all(
      calls.map(({ actor, input }) =>
        requests.create(actor, input as unknown as CreateBookingDto).then(
          (booking) => ({ booking: booking as { id: string; status: string } }),
          (error: unknown) => ({ error: error as DomainError }),
        ),
      ),
    );

  const slot = (roomId: string, from: string, to: string, extra: Record<string, unknown> = {}) =>
    bookingInput(
      roomId,
      stage.requesterOrganizationId,
      berlin(`${day}T${from}`),
      berlin(`${day}T${to}`),
      extra,
    );

  const rows = (sql: string, ids: string[]) =>
    app.db.query<Record<string, string | number>[]>(sql, [ids]);

  it('decides the requests that arrive while a batch runs together, in one batch', async () => {
    const rooms = await Promise.all(
      Array.from({ length: 6 }, () => createBookableRoom(app, stage)),
    );
    const before = await batches();
    const outcomes = await together(
      rooms.map((room) => ({ actor: requester, input: slot(room.id, '10:00', '11:00') })),
    );
    expect(outcomes.every((outcome) => 'booking' in outcome)).toBe(true);
    const after = await batches();
    // One batch of one, then one of five: with grouping off (BOOKING_BATCH_SIZE=1), six.
    expect(after.count - before.count).toBe(2);
    expect(after.sum - before.sum).toBe(6);
  });

  it('gives one of two requests for the same time in one batch the slot, and the other the conflict it gets alone', async () => {
    const [plug, room] = [
      await createBookableRoom(app, stage),
      await createBookableRoom(app, stage),
    ];
    const before = await batches();
    const outcomes = await together([
      { actor: requester, input: slot(plug.id, '10:00', '11:00') },
      { actor: requester, input: slot(room.id, '14:00', '16:00') },
      // Touching the first, not overlapping: accepted in the same batch.
      { actor: requester, input: slot(room.id, '16:00', '17:00') },
      { actor: requester, input: slot(room.id, '15:00', '17:00') },
    ]);
    expect((await batches()).count - before.count).toBe(2);
    expect('booking' in outcomes[1]).toBe(true);
    expect('booking' in outcomes[2]).toBe(true);
    const lost = (outcomes[3] as { error: DomainError }).error;
    expect(lost).toBeInstanceOf(DomainError);
    expect(lost.code).toBe('SLOT_TAKEN');
    // The same request alone, after the batch: the same problem, conflicts and holder named.
    const alone = await requests
      .create(requester, slot(room.id, '15:00', '17:00') as unknown as CreateBookingDto)
      .catch((error: DomainError) => error);
    expect(alone).toBeInstanceOf(DomainError);
    expect({ code: lost.code, status: lost.status, extensions: lost.extensions }).toEqual({
      code: (alone as DomainError).code,
      status: (alone as DomainError).status,
      extensions: (alone as DomainError).extensions,
    });
    expect(lost.extensions.conflicts).toEqual([
      expect.objectContaining({ organizationName: expect.any(String) }),
      expect.objectContaining({ organizationName: expect.any(String) }),
    ]);
    const held = await app.db.query(
      `SELECT to_char(starts_at AT TIME ZONE 'Europe/Berlin', 'HH24:MI') AS starts
         FROM bookings WHERE room_id = $1 AND status IN ('pending', 'approved') ORDER BY 1`,
      [room.id],
    );
    expect(held.map((row: { starts: string }) => row.starts)).toEqual(['14:00', '16:00']);
  });

  it('answers each request of a mixed batch on its own, and writes exactly the accepted ones', async () => {
    const [plug, room, other, short] = await Promise.all([
      createBookableRoom(app, stage),
      createBookableRoom(app, stage, { approval: 'automatic' }),
      createBookableRoom(app, stage),
      createBookableRoom(app, stage, { minDurationMinutes: 120 }),
    ]);
    const taken = (await requests.create(requester, slot(other.id, '12:00', '13:00'))) as {
      id: string;
    };
    const before = await batches();
    const outcomes = await together([
      { actor: requester, input: slot(plug.id, '10:00', '11:00') },
      { actor: requester, input: slot(room.id, '09:00', '10:00') }, // accepted, approved at once
      // The owner is no member of the requesting organisation.
      { actor: owner, input: slot(room.id, '11:00', '12:00') },
      { actor: requester, input: slot(randomUUID(), '11:00', '12:00') }, // no such room
      { actor: requester, input: slot(room.id, '06:00', '07:00') }, // before opening
      { actor: requester, input: slot(short.id, '10:00', '11:00') }, // shorter than allowed
      { actor: requester, input: slot(other.id, '12:30', '13:30') }, // taken before the batch
      { actor: requester, input: slot(other.id, '14:00', '15:00') }, // accepted, pending
      { actor: requester, input: slot(room.id, '13:00', '12:00') }, // ends before it starts
    ]);
    // Bad input is refused before it waits: the plug, then one batch of the seven others.
    expect((await batches()).count - before.count).toBe(2);
    expect((await batches()).sum - before.sum).toBe(8);
    const codes = outcomes.map((outcome) =>
      'booking' in outcome ? outcome.booking.status : outcome.error.code,
    );
    expect(codes).toEqual([
      'pending',
      'approved',
      'NOT_MEMBER_OF_ORGANIZATION',
      'ROOM_NOT_FOUND',
      'OUTSIDE_OPENING_HOURS',
      'DURATION_TOO_SHORT',
      'SLOT_TAKEN',
      'pending',
      'VALIDATION_FAILED',
    ]);
    expect(outcomes.map((outcome) => ('error' in outcome ? outcome.error.status : 201))).toEqual([
      201, 201, 403, 404, 422, 422, 409, 201, 400,
    ]);

    // The database holds exactly the accepted bookings, with their audit records and mails.
    const accepted = [0, 1, 7].map((i) => (outcomes[i] as { booking: { id: string } }).booking.id);
    const held = await rows(
      `SELECT id FROM bookings WHERE room_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [plug.id, room.id, other.id, short.id],
    );
    expect(held.map((row) => row.id).sort()).toEqual([...accepted, taken.id].sort());
    const audited = await rows(
      `SELECT entity_id, action FROM audit_log WHERE entity = 'booking' AND entity_id = ANY($1::uuid[])`,
      accepted,
    );
    expect(audited.map((row) => `${row.entity_id} ${row.action}`).sort()).toEqual(
      [
        `${accepted[0]} booking.requested`,
        `${accepted[1]} booking.approved-automatically`,
        `${accepted[2]} booking.requested`,
      ].sort(),
    );
    // As a request alone gets them: the owners told of a request to decide, the requester of a
    // confirmed one.
    const mails = await rows(
      `SELECT booking_id, kind, recipient_email FROM outbox WHERE booking_id = ANY($1::uuid[])`,
      [...accepted, taken.id],
    );
    const mailsOf = (id: string) =>
      mails
        .filter((mail) => mail.booking_id === id)
        .map((mail) => `${mail.kind} ${mail.recipient_email}`)
        .sort();
    expect(mailsOf(accepted[0])).toEqual(mailsOf(taken.id));
    expect(mailsOf(accepted[2])).toEqual(mailsOf(taken.id));
    expect(mailsOf(accepted[0]).length).toBeGreaterThan(0);
    expect(mailsOf(accepted[1])).toContain(`booking.approved ${stage.requester.email}`);
    const refused = await rows(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity = 'booking'
          AND data->>'roomId' = ANY($1::text[])`,
      [short.id],
    );
    expect(refused[0].n).toBe(0);
  });

  /** Every other request names the room and the organisation in upper case. */
  const upperCase = (input: Record<string, unknown>, i: number) =>
    i % 2 === 1
      ? {
          ...input,
          roomId: String(input.roomId).toUpperCase(),
          organizationId: String(input.organizationId).toUpperCase(),
        }
      : input;

  it.each([
    ['as the database writes the ids', (input: Record<string, unknown>) => input],
    ['when a room and an organisation are written in upper case', upperCase],
  ])('keeps the monthly limit for requests of one batch, %s', async (_, written) => {
    const room = await createBookableRoom(app, stage, {
      monthlyHoursPerOrganization: 3,
      approval: 'automatic',
      minDurationMinutes: 60,
    });
    const plug = await createBookableRoom(app, stage);
    const before = await batches();
    const outcomes = await together([
      { actor: requester, input: slot(plug.id, '10:00', '11:00') },
      ...['08:00', '10:00', '12:00', '14:00', '16:00'].map((from, i) => ({
        actor: requester,
        input: written(
          slot(room.id, from, `${Number(from.slice(0, 2)) + 1}:00`.padStart(5, '0')),
          i,
        ),
      })),
    ]);
    expect(outcomes.map((o) => ('booking' in o ? 201 : o.error.code))).toEqual([
      201,
      201,
      201,
      201,
      'MONTHLY_HOURS_EXCEEDED',
      'MONTHLY_HOURS_EXCEEDED',
    ]);
    // The five in one batch, judged one after the other against one context.
    expect((await batches()).count - before.count).toBe(2);
    expect(
      await app.db.query(
        `SELECT count(*)::int AS n FROM bookings WHERE room_id = $1 AND status = 'approved'`,
        [room.id],
      ),
    ).toEqual([{ n: 3 }]);
  });

  // A batch whose transaction fails for a database reason is decided again request by request.
  // Provoking that needs a second session writing past the room's lock: a PostgreSQL server.
  (sharedServerUrl() ? describe : describe.skip)('on a PostgreSQL server', () => {
    let server: TestApp;
    let serverStage: BookingStage;
    let serverRequests: BookingRequestsService;
    let serverRequester: Actor;
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createSharedServerDatabase();
      server = await startTestApp({ JOB_INTERVAL_SECONDS: '0' }, database);
      serverStage = await createStage(server);
      serverRequests = server.running.app.get(BookingRequestsService);
      serverRequester = (await server.running.app
        .get(AuthService)
        .verify(serverStage.requester.token)) as Actor;
    });
    afterAll(async () => {
      await server?.close();
      await database?.drop();
    });

    it('reaches the database in three round trips: reads, reads, and the writes with the COMMIT', async () => {
      const room = await createBookableRoom(server, serverStage);
      // Each socket's writes while the request is decided, as text (the protocol's simple
      // queries, START TRANSACTION and COMMIT, are readable in it).
      const written = new Map<Socket, string[]>();
      const prototype = Socket.prototype as unknown as {
        _writeGeneric: (...a: unknown[]) => unknown;
      };
      const original = prototype._writeGeneric;
      prototype._writeGeneric = function (this: Socket, writev: boolean, data: unknown, ...rest) {
        const chunks = writev ? (data as { chunk: Buffer | string }[]).map((d) => d.chunk) : [data];
        const text = chunks
          .map((chunk) => Buffer.from(chunk as Buffer).toString('latin1'))
          .join('');
        written.set(this, [...(written.get(this) ?? []), text]);
        return original.call(this, writev, data, ...rest);
      } as typeof original;
      let booking: { id: string };
      try {
        booking = (await serverRequests.create(
          serverRequester,
          bookingInput(
            room.id,
            serverStage.requesterOrganizationId,
            berlin(`${day}T15:00`),
            berlin(`${day}T16:00`),
          ),
        )) as { id: string };
      } finally {
        prototype._writeGeneric = original;
      }
      const batch = [...written.values()].filter((writes) =>
        writes.some((text) => text.includes('START TRANSACTION')),
      );
      expect(batch).toHaveLength(1);
      const writes = batch[0];
      const begin = writes.findIndex((text) => text.includes('START TRANSACTION'));
      const commit = writes.findIndex((text) => text.includes('COMMIT'));
      expect(commit - begin + 1).toBe(3);
      // What left with the COMMIT was written: the booking, its audit record, its mails.
      const [counts] = await server.db.query(
        `SELECT (SELECT count(*) FROM bookings WHERE id = $1)::int AS bookings,
                (SELECT count(*) FROM audit_log WHERE entity_id = $1)::int AS audit,
                (SELECT count(*) FROM outbox WHERE booking_id = $1)::int AS mails`,
        [booking.id],
      );
      expect(counts.bookings).toBe(1);
      expect(counts.audit).toBe(1);
      expect(counts.mails).toBeGreaterThan(0);
    });

    it('decides each request alone when the batch hits the constraint, losing none', async () => {
      const [plug, room, other] = await Promise.all(
        [1, 2, 3].map(() => createBookableRoom(server, serverStage)),
      );
      const input = (roomId: string, from: string, to: string) =>
        bookingInput(
          roomId,
          serverStage.requesterOrganizationId,
          berlin(`${day}T${from}`),
          berlin(`${day}T${to}`),
        ) as unknown as CreateBookingDto;
      // A writer that skips the room's lock holds the slot, not yet committed: the batch does
      // not see it, and its insert waits for it on the exclusion constraint.
      const runner = server.db.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await runner.query(
          `INSERT INTO bookings (room_id, organization_id, status, starts_at, ends_at, title)
           VALUES ($1, $2, 'approved', $3, $4, 'past the lock')`,
          [
            room.id,
            serverStage.requesterOrganizationId,
            berlin(`${day}T10:00`),
            berlin(`${day}T11:00`),
          ],
        );
        const pending = Promise.all(
          [
            input(plug.id, '10:00', '11:00'),
            input(room.id, '10:00', '11:00'),
            input(other.id, '10:00', '11:00'),
          ].map((one) =>
            serverRequests.create(serverRequester, one).then(
              () => 201,
              (error: DomainError) => error.code,
            ),
          ),
        );
        // Until the plug's batch is done and the next one waits on the constraint.
        await new Promise((resolve) => setTimeout(resolve, 500));
        await runner.commitTransaction();
        expect(await pending).toEqual([201, 'SLOT_TAKEN', 201]);
      } finally {
        await runner.release();
      }
      const held = await server.db.query(
        `SELECT room_id, title FROM bookings WHERE room_id = ANY($1::uuid[]) ORDER BY title`,
        [[room.id, other.id]],
      );
      expect(held).toEqual([
        { room_id: other.id, title: 'Elterncafé' },
        { room_id: room.id, title: 'past the lock' },
      ]);
    });
  });
});
