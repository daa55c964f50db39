import { Inject, Injectable } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { Actor } from '../common/auth/actor';
import { CodedConflict } from '../common/errors/conflicts';
import { DomainError } from '../common/errors/domain-error';
import { EXCLUSION_VIOLATION, sqlStateOf } from '../common/errors/sql-state';
import { fieldError } from '../common/validation/validation';
import { AuditService } from '../audit/audit.service';
import { MetricsService } from '../common/metrics/metrics.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { assertEmailConfirmed } from '../identity/identity.contract';
import { BookingPeople, NotificationsService } from '../notifications/notifications.service';
import { RoomProfile } from '../rooms/rooms.contract';
import { RoomsService } from '../rooms/rooms.service';
import { ActorScope, BookingAccessService, settingOf } from './booking-access.service';
import {
  accept,
  checkSlot,
  checkTiming,
  HoldingSlot,
  SlotContext,
  Violation,
} from './booking-rules';
import { BookingSeries } from './booking-series.entity';
import { BookingSlotsService } from './booking-slots.service';
import { Booking, HOLDING_STATUSES } from './booking.entity';
import { BookingErrors } from './bookings.errors';
import { CreateBookingDto } from './dto/create-booking.dto';
import {
  BookingResponseDto,
  SeriesResultResponseDto,
  toBookingResponse,
} from './dto/booking.response.dto';
import { UpdateBookingDto } from './dto/update-booking.dto';
import {
  expandSeries,
  inclusiveUntil,
  normaliseRule,
  Occurrence,
  RecurrenceError,
} from './recurrence';
import { Database } from '../database/database';
import { GroupCommit } from './group-commit';

const HOUR = 3_600_000;

/** The bookings of `BookingRequestsService.insert`, all in one statement, created at `$16`. */
const INSERT_BOOKINGS_SQL = `INSERT INTO bookings (id, room_id, organization_id, series_id,
       requested_by, status, starts_at, ends_at, buffer_minutes, title, purpose, attendees,
       is_public, expires_at, decided_at, created_at, updated_at)
SELECT id, room_id, organization_id, series_id, requested_by, status, starts_at, ends_at,
       buffer_minutes, title, purpose, attendees, is_public, expires_at, decided_at, $16, $16
  FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[],
              $7::timestamptz[], $8::timestamptz[], $9::int[], $10::text[], $11::text[],
              $12::int[], $13::boolean[], $14::timestamptz[], $15::timestamptz[])
       AS o (id, room_id, organization_id, series_id, requested_by, status, starts_at, ends_at,
             buffer_minutes, title, purpose, attendees, is_public, expires_at, decided_at)`;

/**
 * A conflict before it is decided what the caller may learn about it. `code` and `params`
 * name the rule; the answer's edge puts them in words (`conflictsInWords`).
 */
interface RawConflict extends CodedConflict {
  holderOrganizationId?: string;
}

/** A conflict as the caller may learn it, its rule still a code (`conflictsInWords`). */
export type DisclosedConflict = CodedConflict & { organizationName?: string };

/** A series request's result, before its conflicts are put in words. */
export type SeriesResult = Omit<SeriesResultResponseDto, 'conflicts'> & {
  conflicts: DisclosedConflict[];
};

/** A single (not recurring) request, checked as far as it can be without the database. */
interface SingleRequest {
  actor: Actor;
  input: CreateBookingDto;
  vouched: boolean;
  slot: Occurrence;
}

/**
 * What became of a single request in its batch: its booking, or its own problem (with the room
 * it was judged in, where it got that far, for telling its conflicts).
 */
type SingleOutcome = { booking: BookingResponseDto } | { error: unknown; room?: RoomProfile };

/**
 * Batches of booking requests running at once. One: the requests that arrive meanwhile make the
 * next batch larger, and what a booking costs is mostly its round trips (bench/README.md, stop
 * 20: with two in flight the batches were half as large and the service's CPU per booking
 * three times as high).
 */
const BATCHES_IN_FLIGHT = 1;

/**
 * New requests, single or recurring, and changes to them. Every write takes the room's
 * lock, checks the rules against what the database holds now, and writes the bookings,
 * their audit records and their mails (to the outbox) in one transaction.
 *
 * **Single requests are decided in batches (group commit).** A single request that arrives
 * while a batch is running (`BATCHES_IN_FLIGHT`) waits; when one ends, the waiting requests (up
 * to `BOOKING_BATCH_SIZE`, arrival order) are decided together in ONE transaction
 * (`decideSingles`): the locks of all their rooms in one statement (sorted, `lockRooms`), their
 * organisations, rooms, opening hours, closures and holding bookings each in one statement,
 * then each request judged by the same rules as every other (`judge`, i.e. `checkSlot` and
 * `accept`) in arrival order against what the database holds plus what the batch accepted
 * before it (so two requests of a batch for one slot: the first wins, the second gets the same
 * conflict as if it had come later; the monthly limit counts both), then one insert each for
 * the accepted bookings, their audit records and their mails, and one COMMIT, all four in one
 * round trip (the people to tell are read with the rooms' schedules). Each request
 * then gets its own answer: its booking, or its own problem — a refused request does not touch
 * the others. A request arriving when fewer batches run starts one at once: a batch of one,
 * no waiting at low load. Should a batch's transaction fail for a database reason (a writer
 * past the lock hit the exclusion constraint, a deadlock, a lost connection), each of its
 * requests is decided again alone, in order, in a transaction of its own: none is lost or
 * refused for another's sake. Requests made inside a caller's transaction (the forum's and
 * mentoring's reservations) are decided the same way as a batch of one in that transaction;
 * series and changes take their room's lock on their own.
 */
@Injectable()
export class BookingRequestsService {
  private readonly batches: GroupCommit<SingleRequest, SingleOutcome>;

  constructor(
    private readonly db: Database,
    private readonly rooms: RoomsService,
    private readonly access: BookingAccessService,
    private readonly slots: BookingSlotsService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    metrics: MetricsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const sizes = new Histogram({
      name: 'rfe_booking_batch_size',
      help: 'Single booking requests decided together in one transaction (group commit)',
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers: [metrics.registry],
    });
    this.batches = new GroupCommit((requests) => this.runBatch(requests), {
      maxSize: config.bookingBatchSize,
      inFlight: BATCHES_IN_FLIGHT,
      started: (size) => sizes.observe(size),
    });
  }

  /**
   * `vouched`: the calling module decided that the actor may book in the organisation's
   * name (a mentor for the organisation they are assigned to); every other rule applies.
   */
  async create(
    actor: Actor,
    input: CreateBookingDto,
    { vouched = false }: { vouched?: boolean } = {},
  ): Promise<BookingResponseDto | SeriesResult> {
    assertEmailConfirmed(actor);
    // Ids as the database writes them: the same room or organisation in upper case is the same
    // lock, the same context in a batch, the same monthly hours.
    input = {
      ...input,
      roomId: input.roomId.toLowerCase(),
      organizationId: input.organizationId.toLowerCase(),
    };
    const first = interval(input.startsAt, input.endsAt);
    if (!input.recurrence) {
      const request = { actor, input, vouched, slot: first };
      // In a caller's transaction: a batch of one, in it, whose failure is the caller's.
      const outcome = this.db.inTransaction
        ? (await this.explained([request], await this.decideAlone(request)))[0]
        : await this.batches.submit(request);
      if ('error' in outcome) throw outcome.error;
      return outcome.booking;
    }
    // The actor's organisations are read only when a conflict is to be told.
    const scope = () => this.access.scope(actor);
    // For telling conflicts after the transaction, as far as it got.
    let known: RoomProfile | undefined;
    let occurrences = [first];

    try {
      return await this.db.transaction(async () => {
        // Everything the rules read is read under the room's lock, the room's policy and the
        // organisation's verification included: a change to them waits for this request.
        await this.slots.lockRoom(input.roomId);
        const organization = await this.access.requesting(actor, input.organizationId, vouched);
        // A room the caller may not see (inactive, or its organisation not yet verified) is
        // unknown to them, as everywhere else.
        const room = (known = await this.rooms.visibleProfile(actor, input.roomId));
        assertBookable(room, organization.verified);
        occurrences = this.expand(input, first, room.timeZone);
        const now = Date.now();
        const context = await this.slots.context(
          room,
          input.organizationId,
          spanOf(occurrences),
          now,
        );
        const { accepted, conflicts } = judge(context, occurrences);
        const refused = conflicts.map(({ slot, violation }) => seriesConflict(slot, violation));
        if (conflicts.length && (!input.partial || accepted.length === 0)) {
          throw BookingErrors.SERIES_CONFLICTS({ count: conflicts.length }, { conflicts: refused });
        }
        const series = await this.db.manager.save(
          this.db.manager.create(BookingSeries, {
            roomId: room.id,
            organizationId: input.organizationId,
            requestedBy: actor.id,
            rrule: normaliseRule(input.recurrence!.rrule),
            timeZone: room.timeZone,
            firstStartsAt: first.startsAt,
            firstEndsAt: first.endsAt,
            // The end of the last day in the room's zone, so that UNTIL keeps the last date.
            until: input.recurrence!.until
              ? inclusiveUntil(
                  untilInstant(input.recurrence!.until, room.timeZone),
                  room.timeZone,
                ).toJSDate()
              : null,
            count: input.recurrence!.count ?? null,
            title: input.title,
          }),
        );
        const [created] = await this.insert(
          [{ actor, room, input, occurrences: accepted, seriesId: series.id }],
          now,
        );
        return {
          seriesId: series.id,
          created: created.map((booking) =>
            toBookingResponse(booking, settingOf(room, organization.name)),
          ),
          conflicts: await this.disclosed(await scope(), room, refused),
        };
      });
    } catch (error) {
      throw known ? await this.explain(error, scope, known, occurrences) : error;
    }
  }

  /**
   * One batch of the group commit: its requests decided in one transaction, or, should that
   * fail for a database reason, each alone in order. Never rejects: every request gets its
   * outcome.
   */
  private async runBatch(requests: SingleRequest[]): Promise<SingleOutcome[]> {
    let decided: SingleOutcome[];
    try {
      // Its statements look up each request's rows by key: one plan fits every batch. It
      // begins with the locks and reads (`decideSingles`): its BEGIN travels with them.
      decided = await this.db.transaction(() => this.decideSingles(requests, 'own'), {
        genericPlans: true,
        readsFirst: true,
      });
    } catch (error) {
      if (requests.length === 1) decided = [{ error, room: undefined }];
      else {
        const alone: SingleOutcome[] = [];
        for (const request of requests) alone.push(...(await this.runBatch([request])));
        return alone;
      }
    }
    try {
      return await this.explained(requests, decided);
    } catch (error) {
      // Telling a conflict needs the database; without it, the problem as it is.
      return decided.map((outcome) => ('error' in outcome ? { error } : outcome));
    }
  }

  /**
   * Decides single requests together, in the running transaction: see the class's comment.
   * A request's own problem becomes its outcome; anything else (the database's) is thrown
   * and fails the transaction. In the batch's `own` transaction the bookings' insert is not
   * waited for: it leaves with the audit records, the mails and the COMMIT, and should it fail
   * (a writer past the lock), the transaction fails with its error. In a `callers`
   * transaction it is waited for, so that a lost race is told here, as SLOT_TAKEN.
   */
  private async decideSingles(
    requests: SingleRequest[],
    transaction: 'own' | 'callers',
  ): Promise<SingleOutcome[]> {
    // Everything the rules read is read under the rooms' locks, the rooms' policies and the
    // organisations' verification included: a change to them waits for this batch. The reads
    // travel with the locks' statement, behind it: PostgreSQL takes a statement's snapshot
    // when it comes to it, once the locks are held.
    const [, organizations, rooms] = await this.db.all([
      this.slots.lockRooms(requests.map(({ input }) => input.roomId)),
      this.access.requestingAll(
        requests.map(({ actor, input, vouched }) => ({ actor, id: input.organizationId, vouched })),
      ),
      // A room the caller may not see (inactive, or its organisation not yet verified) is
      // unknown to them, as everywhere else.
      this.rooms.visibleProfiles(
        requests.map(({ actor, input }) => ({ actor, roomId: input.roomId })),
      ),
    ]);
    const now = Date.now();
    const outcomes: SingleOutcome[] = [];
    const bookable: { i: number; room: RoomProfile; name: string }[] = [];
    requests.forEach((request, i) => {
      const organization = organizations[i];
      const room = rooms[i];
      outcomes[i] = { error: undefined };
      try {
        if (organization instanceof Error) throw organization;
        if (room instanceof Error) throw room;
        outcomes[i] = { error: undefined, room };
        assertBookable(room, organization.verified);
        assertTimely(room, request.slot, now);
        bookable.push({ i, room, name: organization.name });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcomes[i] = { ...outcomes[i], error };
      }
    });
    // The people to tell, read with what the requests are judged by: the mails wait for nothing
    // after the judging.
    const people = this.notifications.peopleOf(
      bookable.map(({ i, room }) => ({ room, organizationId: requests[i].input.organizationId })),
    );
    try {
      const contexts = await this.slots.contexts(
        bookable.map(({ i, room }) => ({
          room,
          organizationId: requests[i].input.organizationId,
          asked: spanOf([requests[i].slot]),
        })),
        now,
      );
      // In arrival order, each against the database and the batch's earlier acceptances.
      const accepted = bookable.filter(({ i }, k) => {
        const { conflicts } = judge(contexts[k], [requests[i].slot]);
        if (conflicts.length)
          outcomes[i] = { ...outcomes[i], error: violationError(conflicts[0].violation) };
        return conflicts.length === 0;
      });
      const created = await this.insert(
        accepted.map(({ i, room }) => ({
          ...requests[i],
          room,
          occurrences: [requests[i].slot],
          seriesId: null,
        })),
        now,
        { people, answered: transaction === 'callers' },
      );
      accepted.forEach(({ i, room, name }, k) => {
        outcomes[i] = { booking: toBookingResponse(created[k][0], settingOf(room, name)) };
      });
      return outcomes;
    } finally {
      // Settled before the transaction ends, whatever happened: no read of it comes later.
      await people.catch(() => undefined);
    }
  }

  /** A batch of one in the caller's transaction: a lost race told as such, as for a batch. */
  private async decideAlone(request: SingleRequest): Promise<SingleOutcome[]> {
    try {
      return await this.decideSingles([request], 'callers');
    } catch (error) {
      if (sqlStateOf(error) !== EXCLUSION_VIOLATION) throw error;
      return [{ error }];
    }
  }

  /** The outcomes with their conflicts told as each request's caller may learn them. */
  private async explained(
    requests: SingleRequest[],
    outcomes: SingleOutcome[],
  ): Promise<SingleOutcome[]> {
    const told: SingleOutcome[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      if (!('error' in outcome)) {
        told.push(outcome);
        continue;
      }
      const { actor, slot } = requests[i];
      const error = await this.explain(
        outcome.error,
        () => this.access.scope(actor),
        outcome.room,
        [slot],
      );
      told.push({ error });
    }
    return told;
  }

  /** Changes a request; a new time is checked like a new request. */
  async update(actor: Actor, id: string, input: UpdateBookingDto): Promise<BookingResponseDto> {
    const { found: current, room: seen, scope } = await this.access.findVisibleBooking(actor, id);
    this.access.assertRequester(scope, current.organizationId);
    const moved = interval(
      input.startsAt ?? current.startsAt.toISOString(),
      input.endsAt ?? current.endsAt.toISOString(),
    );
    const timeChanged =
      moved.startsAt.getTime() !== current.startsAt.getTime() ||
      moved.endsAt.getTime() !== current.endsAt.getTime();

    try {
      return await this.db.transaction(async () => {
        await this.slots.lockRoom(seen.id);
        // A new time is judged like a new request, under the lock, the room's policy and the
        // organisation's verification included.
        const room = timeChanged ? await this.rooms.visibleProfile(actor, seen.id) : seen;
        if (timeChanged) {
          assertBookable(room, (await this.access.organization(current.organizationId)).verified);
        }
        const booking = await this.db.manager.findOne(Booking, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!booking) throw BookingErrors.BOOKING_NOT_FOUND();
        if (!HOLDING_STATUSES.includes(booking.status)) {
          throw BookingErrors.INVALID_TRANSITION({ status: booking.status });
        }
        const now = Date.now();
        if (booking.endsAt.getTime() <= now) throw BookingErrors.BOOKING_IN_PAST();
        const previous = { startsAt: booking.startsAt, endsAt: booking.endsAt };
        const changes: Record<string, unknown> = {};
        if (timeChanged) {
          assertTimely(room, moved, now);
          const context = await this.slots.context(
            room,
            booking.organizationId,
            spanOf([moved]),
            now,
            booking.id,
          );
          const violation = checkSlot(context, toSlot(moved));
          if (violation) throw violationError(violation);
          Object.assign(booking, {
            startsAt: moved.startsAt,
            endsAt: moved.endsAt,
            bufferMinutes: room.policy.bufferMinutes,
          });
          changes.startsAt = moved.startsAt.toISOString();
          changes.endsAt = moved.endsAt.toISOString();
          if (room.policy.approval === 'manual') {
            booking.status = 'pending';
            booking.expiresAt = expiry(room, moved.startsAt, now);
            booking.decidedAt = null;
            booking.decidedBy = null;
            booking.decisionReason = null;
          }
        }
        for (const field of ['title', 'purpose', 'attendees', 'isPublic'] as const) {
          if (input[field] !== undefined && input[field] !== booking[field]) {
            changes[field] = input[field];
            Object.assign(booking, { [field]: input[field] });
          }
        }
        const setting = await this.access.settingOf(room, booking.organizationId);
        if (Object.keys(changes).length === 0) return toBookingResponse(booking, setting);
        booking.sequence += 1;
        const saved = await this.db.manager.save(booking);
        await this.audit.record({
          actorId: actor.id,
          action: timeChanged ? 'booking.rescheduled' : 'booking.changed',
          entity: 'booking',
          entityId: booking.id,
          data: { ...changes, status: saved.status, sequence: saved.sequence },
        });
        // A new title alone reaches calendars with the next mail or feed refresh.
        if (timeChanged) {
          await this.notifications.bookingChanged({
            kind: 'moved',
            bookings: [saved],
            previous,
            actor,
          });
        }
        return toBookingResponse(saved, setting);
      });
    } catch (error) {
      throw await this.explain(error, () => Promise.resolve(scope), seen, [moved]);
    }
  }

  private expand(input: CreateBookingDto, first: Occurrence, zone: string): Occurrence[] {
    const recurrence = input.recurrence!;
    try {
      return expandSeries(
        {
          startsAt: first.startsAt,
          endsAt: first.endsAt,
          rrule: recurrence.rrule,
          until: recurrence.until ? untilInstant(recurrence.until, zone) : undefined,
          count: recurrence.count,
        },
        zone,
      );
    } catch (error) {
      if (!(error instanceof RecurrenceError)) throw error;
      const field = error.problem === 'RRULE_END_MISSING' ? 'recurrence.until' : 'recurrence.rrule';
      throw fieldError(field, `validation.${error.problem}`, { part: error.part });
    }
  }

  /**
   * The bookings of one or more requests (a series' occurrences, or a batch of single
   * requests), their audit records and their mails, one statement each: for each request, in
   * order, its bookings as inserted.
   */
  private async insert(
    requests: readonly {
      actor: Actor;
      room: RoomProfile;
      input: CreateBookingDto;
      occurrences: Occurrence[];
      seriesId: string | null;
    }[],
    now: number,
    {
      people,
      answered = true,
    }: {
      /** The people to tell, read ahead (a batch); otherwise read with the mails. */
      people?: Promise<BookingPeople>;
      /**
       * Whether the insert's answer is waited for. If not (`Database.later`), its failure is
       * the transaction's, told by the COMMIT it leaves with.
       */
      answered?: boolean;
    } = {},
  ): Promise<Booking[][]> {
    const created = requests.map(({ actor, room, input, occurrences, seriesId }) => {
      const automatic = room.policy.approval === 'automatic';
      return occurrences.map((occurrence): Booking => ({
        id: randomUUID(),
        roomId: room.id,
        organizationId: input.organizationId,
        seriesId,
        requestedBy: actor.id,
        status: automatic ? 'approved' : 'pending',
        startsAt: occurrence.startsAt,
        endsAt: occurrence.endsAt,
        bufferMinutes: room.policy.bufferMinutes,
        title: input.title,
        purpose: input.purpose ?? null,
        attendees: input.attendees ?? null,
        isPublic: input.isPublic ?? false,
        sequence: 0,
        expiresAt: automatic ? null : expiry(room, occurrence.startsAt, now),
        decidedBy: null,
        decidedAt: automatic ? new Date(now) : null,
        decisionReason: null,
        cancelledBy: null,
        cancelledAt: null,
        cancelReason: null,
        createdAt: new Date(now),
        updatedAt: new Date(now),
      }));
    });
    const rows = created.flat();
    if (rows.length === 0) return created;
    const column = <K extends keyof Booking>(key: K) => rows.map((row) => row[key]);
    // Plain SQL, all bookings in one statement (a series, a batch): no entity to hydrate on
    // the hot path. Created and updated at `now`, as decided and expiring: the rows as inserted.
    const values = [
      column('id'),
      column('roomId'),
      column('organizationId'),
      column('seriesId'),
      column('requestedBy'),
      column('status'),
      column('startsAt'),
      column('endsAt'),
      column('bufferMinutes'),
      column('title'),
      column('purpose'),
      column('attendees'),
      column('isPublic'),
      column('expiresAt'),
      column('decidedAt'),
      new Date(now),
    ];
    await this.db.all([
      answered
        ? this.db.prepared(INSERT_BOOKINGS_SQL, values)
        : this.db.later(INSERT_BOOKINGS_SQL, values),
      this.audit.record(
        requests.flatMap(({ actor, room }, i) =>
          created[i].map((booking) => ({
            actorId: actor.id,
            action:
              booking.status === 'approved'
                ? 'booking.approved-automatically'
                : 'booking.requested',
            entity: 'booking',
            entityId: booking.id,
            data: {
              roomId: room.id,
              seriesId: booking.seriesId,
              startsAt: booking.startsAt.toISOString(),
            },
          })),
        ),
      ),
      // Once the people read ahead are there (a batch), or reading them itself.
      Promise.resolve(people).then((known) =>
        this.notifications.bookingsChanged(
          requests.flatMap(({ actor, room }, i) =>
            created[i].length
              ? [{ kind: 'requested' as const, bookings: created[i], actor, room }]
              : [],
          ),
          known,
        ),
      ),
    ]);
    return created;
  }

  /**
   * After the transaction: a lost race on the exclusion constraint becomes SLOT_TAKEN, and
   * conflicts name the holding organisation only to those allowed to know it.
   */
  private async explain(
    error: unknown,
    scope: () => Promise<ActorScope>,
    room: RoomProfile | undefined,
    occurrences: Occurrence[],
  ): Promise<unknown> {
    let domain = error;
    if (sqlStateOf(error) === EXCLUSION_VIOLATION) {
      // Only a writer that skipped the room's lock gets here; which date lost is unknown.
      domain = BookingErrors.SLOT_TAKEN(
        {},
        {
          conflicts: occurrences.map((o) => ({
            startsAt: o.startsAt.toISOString(),
            endsAt: o.endsAt.toISOString(),
            code: 'SLOT_TAKEN',
          })),
        },
      );
    }
    if (!(domain instanceof DomainError) || !domain.extensions.conflicts) return domain;
    const raw = domain.extensions.conflicts as RawConflict[];
    // No holder to name (a lost race on the constraint): nothing to read, and nothing may be
    // read in a transaction the constraint has just failed.
    domain.extensions.conflicts =
      room && raw.some((conflict) => conflict.holderOrganizationId)
        ? await this.disclosed(await scope(), room, raw)
        : raw.map(({ holderOrganizationId: _, ...conflict }) => conflict);
    return domain;
  }

  /** Conflicts as the caller may learn them: the holder's name only to those allowed. */
  private async disclosed(
    scope: ActorScope,
    room: RoomProfile,
    raw: RawConflict[],
  ): Promise<DisclosedConflict[]> {
    const holders = [...new Set(raw.flatMap((c) => c.holderOrganizationId ?? []))];
    const names = await this.access.holderNames(scope, holders, room.organizationId);
    return raw.map(({ holderOrganizationId, ...conflict }) => {
      const name = holderOrganizationId ? names.get(holderOrganizationId) : undefined;
      return name ? { ...conflict, organizationName: name } : conflict;
    });
  }
}

function assertBookable(room: RoomProfile, organizationVerified: boolean): void {
  if (!room.active) throw BookingErrors.ROOM_INACTIVE();
  if (room.policy.requiresVerifiedOrganization && !organizationVerified) {
    throw BookingErrors.ORGANIZATION_NOT_VERIFIED();
  }
}

/** Length, notice and horizon, judged before anything is loaded for the slot. */
function assertTimely(room: RoomProfile, slot: Occurrence, now = Date.now()): void {
  const violation = checkTiming(room.policy, now, toSlot(slot));
  if (violation) throw violationError(violation);
}

function interval(startsAt: string, endsAt: string): Occurrence {
  const occurrence = { startsAt: new Date(startsAt), endsAt: new Date(endsAt) };
  if (occurrence.endsAt <= occurrence.startsAt)
    throw fieldError('endsAt', 'validation.endsAfterStart');
  return occurrence;
}

const toSlot = (o: Occurrence) => ({ start: o.startsAt.getTime(), end: o.endsAt.getTime() });

const spanOf = (occurrences: Occurrence[]) => ({
  start: Math.min(...occurrences.map((o) => o.startsAt.getTime())),
  end: Math.max(...occurrences.map((o) => o.endsAt.getTime())),
});

function judge(context: SlotContext, occurrences: Occurrence[]) {
  const accepted: Occurrence[] = [];
  const conflicts: { slot: Occurrence; violation: Violation }[] = [];
  for (const occurrence of occurrences) {
    const violation = checkSlot(context, toSlot(occurrence));
    if (violation) {
      conflicts.push({ slot: occurrence, violation });
      continue;
    }
    accepted.push(occurrence);
    const held: HoldingSlot = {
      id: 'new',
      organizationId: context.organizationId,
      bufferMinutes: context.policy.bufferMinutes,
      ...toSlot(occurrence),
    };
    accept(context, held);
  }
  return { accepted, conflicts };
}

const holderConflicts = (violation: Violation): RawConflict[] =>
  (violation.blocking ?? []).map((other) => ({
    startsAt: new Date(other.start).toISOString(),
    endsAt: new Date(other.end).toISOString(),
    holderOrganizationId: other.organizationId,
  }));

function violationError(violation: Violation): DomainError {
  const conflicts = violation.blocking ? holderConflicts(violation) : undefined;
  return BookingErrors[violation.code](violation.params, conflicts ? { conflicts } : {});
}

function seriesConflict(slot: Occurrence, violation: Violation): RawConflict {
  return {
    startsAt: slot.startsAt.toISOString(),
    endsAt: slot.endsAt.toISOString(),
    code: violation.code,
    params: violation.params,
    holderOrganizationId: violation.blocking?.[0]?.organizationId,
  };
}

/** A pending request expires after the room's deadline, and at the latest when it would begin. */
function expiry(room: RoomProfile, startsAt: Date, now: number): Date {
  return new Date(Math.min(now + room.policy.requestExpiryHours * HOUR, startsAt.getTime()));
}

/** "2027-05-25" means that day in the room's zone; an instant is taken as it is. */
function untilInstant(until: string, zone: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) return new Date(until);
  return DateTime.fromISO(until, { zone }).toJSDate();
}
