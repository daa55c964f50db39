import { Injectable } from '@nestjs/common';
import { RoomReservationsService } from '../bookings/room-reservations.service';
import { bookingEventStatus, CalendarWindow, FeedEvent } from '../calendar/calendar.contract';
import { Actor } from '../common/auth/actor';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { page, PageDto, PageQueryDto } from '../common/pagination/page';
import { Database } from '../database/database';
import { OrganizationsService } from '../organizations/organizations.service';
import { RoomsService } from '../rooms/rooms.service';
import { CreateMeetingDto, MeetingResponseDto } from './dto/assignment.dto';
import { Meeting } from './meeting.entity';
import { MentoringAccessService } from './mentoring-access.service';
import { MentoringErrors } from './mentoring.errors';

/** At most this many meetings in a mentor's feed. */
const MAX_FEED_MEETINGS = 2000;

const toMeetingResponse = (meeting: Meeting, withNote: boolean): MeetingResponseDto => ({
  id: meeting.id,
  assignmentId: meeting.assignmentId,
  startsAt: meeting.startsAt.toISOString(),
  durationMinutes: meeting.durationMinutes,
  format: meeting.format,
  topics: meeting.topics,
  ...(withNote ? { note: meeting.note } : {}),
  bookingId: meeting.bookingId,
});

/**
 * The meetings of an assignment: logged by the mentor, with a private note (mentor and
 * staff only) and, if wished, a room booked for it through the bookings module — in the
 * organisation's name, under the room's rules, in the same transaction as the meeting.
 */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly db: Database,
    private readonly access: MentoringAccessService,
    private readonly reservations: RoomReservationsService,
    private readonly rooms: RoomsService,
    private readonly organizations: OrganizationsService,
    private readonly catalogue: MessageCatalogue,
  ) {}

  async list(
    actor: Actor,
    assignmentId: string,
    query: PageQueryDto,
  ): Promise<PageDto<MeetingResponseDto>> {
    const role = await this.access.assignmentRole(actor, assignmentId);
    const [meetings, total] = await this.db.repository(Meeting).findAndCount({
      where: { assignmentId },
      order: { startsAt: 'ASC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    const withNote = role.isMentor || role.isStaff;
    return page(
      meetings.map((meeting) => toMeetingResponse(meeting, withNote)),
      total,
      query,
    );
  }

  async create(
    actor: Actor,
    assignmentId: string,
    input: CreateMeetingDto,
  ): Promise<MeetingResponseDto> {
    return this.db.transaction(async () => {
      const role = await this.access.assignmentRole(actor, assignmentId, true);
      if (!role.isMentor) throw MentoringErrors.NOT_THE_MENTOR();
      if (role.assignment.status !== 'active') throw MentoringErrors.ASSIGNMENT_NOT_ACTIVE();
      const startsAt = new Date(input.startsAt);
      const endsAt = new Date(startsAt.getTime() + input.durationMinutes * 60_000);
      let bookingId: string | null = null;
      if (input.roomId) {
        const { name } = await this.organizations.summary(role.request.organizationId);
        const reservation = await this.reservations.reserve(actor, {
          roomId: input.roomId,
          organizationId: role.request.organizationId,
          startsAt,
          endsAt,
          title: this.catalogue.t(actor.locale, 'mentoring.booking.title', { organization: name }),
          isPublic: false,
        });
        bookingId = reservation.id;
      }
      const meeting = await this.db.manager.save(
        this.db.manager.create(Meeting, {
          assignmentId,
          startsAt,
          durationMinutes: input.durationMinutes,
          format: input.format,
          topics: input.topics ?? [],
          note: input.note ?? null,
          bookingId,
          createdBy: actor.id,
        }),
      );
      return toMeetingResponse(meeting, true);
    });
  }

  /** The mentor's meetings for the private feed, each in its booked room if any. */
  async mentorEvents(
    mentorId: string,
    window: CalendarWindow,
    locale: string,
  ): Promise<FeedEvent[]> {
    const rows = await this.db.query<(Meeting & { organizationId: string })[]>(
      `SELECT mt.id, mt.starts_at AS "startsAt", mt.duration_minutes AS "durationMinutes",
              mt.booking_id AS "bookingId", mt.format, mt.created_at AS "createdAt",
              mt.updated_at AS "updatedAt", r.organization_id AS "organizationId"
         FROM mentoring_meetings mt
         JOIN mentoring_assignments a ON a.id = mt.assignment_id
         JOIN mentoring_requests r ON r.id = a.request_id
        WHERE a.mentor_id = $1 AND mt.starts_at < $3
          AND mt.starts_at + make_interval(mins => mt.duration_minutes) > $2
        ORDER BY mt.starts_at, mt.id LIMIT $4`,
      [mentorId, window.from, window.to, MAX_FEED_MEETINGS],
    );
    const bookings = await this.reservations.find(
      rows.flatMap((row) => (row.bookingId ? [row.bookingId] : [])),
    );
    const rooms = await this.rooms.profiles([...bookings.values()].map((b) => b.roomId));
    const names = await this.organizations.namesOf([...new Set(rows.map((r) => r.organizationId))]);
    return rows.map((row): FeedEvent => {
      const booking = row.bookingId ? bookings.get(row.bookingId) : undefined;
      const room = booking ? rooms.get(booking.roomId) : undefined;
      const startsAt = new Date(row.startsAt);
      return {
        id: row.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + row.durationMinutes * 60_000),
        summary: this.catalogue.t(locale, 'mentoring.feed.meeting', {
          organization: names.get(row.organizationId) ?? '',
        }),
        description: null,
        location: room?.location ?? null,
        status: booking ? bookingEventStatus(booking.status) : 'confirmed',
        sequence: 0,
        createdAt: new Date(row.createdAt),
        updatedAt: new Date(row.updatedAt),
      };
    });
  }
}
