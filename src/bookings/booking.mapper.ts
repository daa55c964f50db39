import { Booking } from './booking.entity';
import { BookingResponseDto } from './dto/booking.response.dto';

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

/** Times go out in UTC ("Z") with the room's zone beside them. */
export function toBookingResponse(booking: Booking, timeZone: string): BookingResponseDto {
  return {
    id: booking.id,
    roomId: booking.roomId,
    organizationId: booking.organizationId,
    status: booking.status,
    startsAt: booking.startsAt.toISOString(),
    endsAt: booking.endsAt.toISOString(),
    timeZone,
    title: booking.title,
    purpose: booking.purpose,
    attendees: booking.attendees,
    isPublic: booking.isPublic,
    sequence: booking.sequence,
    seriesId: booking.seriesId,
    expiresAt: iso(booking.expiresAt),
    decidedAt: iso(booking.decidedAt),
    decisionReason: booking.decisionReason,
    cancelledAt: iso(booking.cancelledAt),
    cancelReason: booking.cancelReason,
    createdAt: booking.createdAt.toISOString(),
    updatedAt: booking.updatedAt.toISOString(),
  };
}
