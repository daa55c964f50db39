import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { NotificationsService } from '../notifications/notifications.service';
import { BookingAccessService } from './booking-access.service';
import { Booking, BookingStatus, HOLDING_STATUSES } from './booking.entity';
import { BookingErrors } from './bookings.errors';
import { CancelScope } from './dto/booking-actions.dto';
import { BookingResponseDto, BookingSetting, toBookingResponse } from './dto/booking.response.dto';
import { Database } from '../database/database';

/**
 * What happens to a request after it was made: the room's owners approve or decline it,
 * and either side cancels. Each transition locks the row and checks the status it starts
 * from, so that two people deciding at once cannot both win.
 */
@Injectable()
export class BookingDecisionsService {
  constructor(
    private readonly db: Database,
    private readonly access: BookingAccessService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  approve(actor: Actor, id: string, reason?: string): Promise<BookingResponseDto> {
    return this.decide(actor, id, 'approved', reason);
  }

  decline(actor: Actor, id: string, reason?: string): Promise<BookingResponseDto> {
    return this.decide(actor, id, 'declined', reason);
  }

  /** Cancels one booking, or with a scope the following or all future occurrences of its series. */
  async cancel(
    actor: Actor,
    id: string,
    reason: string | undefined,
    scope: CancelScope = 'occurrence',
  ): Promise<BookingResponseDto[]> {
    const { booking, setting } = await this.visible(actor, id, 'either');
    if (scope !== 'occurrence' && booking.seriesId) {
      // Dates that have begun stay as they were, whichever date the request names.
      const now = new Date();
      const from = scope === 'following' && booking.startsAt > now ? booking.startsAt : now;
      return this.cancelInSeries(actor, booking.seriesId, from, reason, setting);
    }
    return this.db.transaction(async () => {
      const locked = await this.lock(id);
      if (!HOLDING_STATUSES.includes(locked.status)) {
        throw BookingErrors.INVALID_TRANSITION({ status: locked.status });
      }
      if (locked.endsAt.getTime() <= Date.now()) throw BookingErrors.BOOKING_IN_PAST();
      const [cancelled] = await this.markCancelled(actor, [locked], reason);
      await this.notifications.bookingChanged({
        kind: 'cancelled',
        bookings: [cancelled],
        actor,
        reason,
      });
      return [toBookingResponse(cancelled, setting)];
    });
  }

  /** Cancels the holding occurrences of a series that start at or after `from` (default: now). */
  async cancelSeries(
    actor: Actor,
    seriesId: string,
    reason: string | undefined,
    from?: Date,
  ): Promise<BookingResponseDto[]> {
    const { found: series, room } = await this.access.findVisibleSeries(actor, seriesId);
    const now = new Date();
    return this.cancelInSeries(
      actor,
      seriesId,
      from && from > now ? from : now,
      reason,
      await this.access.settingOf(room, series.organizationId),
    );
  }

  private cancelInSeries(
    actor: Actor,
    seriesId: string,
    from: Date,
    reason: string | undefined,
    setting: BookingSetting,
  ): Promise<BookingResponseDto[]> {
    return this.db.transaction(async () => {
      const bookings = await this.db.manager
        .createQueryBuilder(Booking, 'b')
        .setLock('pessimistic_write')
        .where('b.series_id = :seriesId', { seriesId })
        .andWhere('b.status IN (:...holding)', { holding: HOLDING_STATUSES })
        .andWhere('b.starts_at >= :from', { from })
        .orderBy('b.starts_at')
        .getMany();
      const cancelled = await this.markCancelled(actor, bookings, reason);
      // One mail for all the dates, not one per occurrence.
      await this.notifications.bookingChanged({
        kind: 'cancelled',
        bookings: cancelled,
        actor,
        reason,
      });
      return cancelled.map((booking) => toBookingResponse(booking, setting));
    });
  }

  private async decide(
    actor: Actor,
    id: string,
    status: Extract<BookingStatus, 'approved' | 'declined'>,
    reason?: string,
  ): Promise<BookingResponseDto> {
    const { setting } = await this.visible(actor, id, 'owner');
    return this.db.transaction(async () => {
      const booking = await this.lock(id);
      if (booking.status !== 'pending')
        throw BookingErrors.INVALID_TRANSITION({ status: booking.status });
      // Past its deadline a request is expired, even if the job has not marked it yet.
      if ((booking.expiresAt ?? booking.startsAt).getTime() <= Date.now()) {
        throw BookingErrors.INVALID_TRANSITION({ status: 'expired' });
      }
      Object.assign(booking, {
        status,
        decidedBy: actor.id,
        decidedAt: new Date(),
        decisionReason: reason ?? null,
        expiresAt: null,
        sequence: booking.sequence + 1,
      });
      const saved = await this.db.manager.save(booking);
      await this.audit.record({
        actorId: actor.id,
        action: `booking.${status}`,
        entity: 'booking',
        entityId: id,
        data: { reason: reason ?? null, sequence: saved.sequence },
      });
      await this.notifications.bookingChanged({
        kind: status,
        bookings: [saved],
        actor,
        reason,
      });
      return toBookingResponse(saved, setting);
    });
  }

  /** Cancels these (locked) bookings with one UPDATE and one batch of audit records. */
  private async markCancelled(
    actor: Actor,
    bookings: Booking[],
    reason: string | undefined,
  ): Promise<Booking[]> {
    if (bookings.length === 0) return [];
    const ids = bookings.map((booking) => booking.id);
    await this.db.manager
      .createQueryBuilder()
      .update(Booking)
      .set({
        status: 'cancelled',
        cancelledBy: actor.id,
        cancelledAt: () => 'now()',
        cancelReason: reason ?? null,
        expiresAt: null,
        sequence: () => 'sequence + 1',
      })
      .whereInIds(ids)
      .execute();
    const saved = await this.db.manager.find(Booking, {
      where: { id: In(ids) },
      order: { startsAt: 'ASC' },
    });
    await this.audit.record(
      saved.map((booking) => ({
        actorId: actor.id,
        action: 'booking.cancelled',
        entity: 'booking',
        entityId: booking.id,
        data: { reason: reason ?? null, sequence: booking.sequence, seriesId: booking.seriesId },
      })),
    );
    return saved;
  }

  /** The booking if the actor may act on it as owner (or either side); 404 if they may not see it. */
  private async visible(actor: Actor, id: string, as: 'owner' | 'either') {
    const { found: booking, room, scope } = await this.access.findVisibleBooking(actor, id);
    if (as === 'owner') this.access.assertOwner(scope, room.organizationId);
    return { booking, setting: await this.access.settingOf(room, booking.organizationId) };
  }

  private async lock(id: string): Promise<Booking> {
    const booking = await this.db.manager.findOne(Booking, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!booking) throw BookingErrors.BOOKING_NOT_FOUND();
    return booking;
  }
}
