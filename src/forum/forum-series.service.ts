import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { expandSeries, Occurrence, RecurrenceError } from '../bookings/bookings.contract';
import { Actor } from '../common/auth/actor';
import { DomainError } from '../common/errors/domain-error';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { fieldError } from '../common/validation/validation';
import { Database } from '../database/database';
import { RoomsService } from '../rooms/rooms.service';
import { CreateSeriesDto } from './dto/create-series.dto';
import { SeriesConflictDto, SeriesResultDto } from './dto/series.response.dto';
import { ForumSeriesGap } from './forum-series-gap.entity';
import { ForumSession } from './forum-session.entity';
import { ForumSessionsService } from './forum-sessions.service';
import { ForumErrors } from './forum.errors';

/**
 * A series of sessions ("every first Wednesday, 18:00–20:00, February to December"): the rule
 * is expanded in the room's zone, so the wall-clock time holds across DST, and every date
 * becomes a session with its own booking. A date whose booking the room's rules refuse is
 * reported with its reason — never dropped silently — and can be planned in another room as
 * a single session with the series' id.
 */
@Injectable()
export class ForumSeriesService {
  constructor(
    private readonly db: Database,
    private readonly rooms: RoomsService,
    private readonly sessions: ForumSessionsService,
    private readonly catalogue: MessageCatalogue,
  ) {}

  /** Reasons in the language asked for (Accept-Language), else the caller's own. */
  async create(actor: Actor, input: CreateSeriesDto, language?: string): Promise<SeriesResultDto> {
    const locale = language ? this.catalogue.negotiate(language, actor.locale) : actor.locale;
    const room = await this.rooms.profile(input.roomId);
    const occurrences = expand(input, room.timeZone);
    const seriesId = randomUUID();
    const created: ForumSession[] = [];
    const conflicts: SeriesConflictDto[] = [];
    const gaps: ForumSeriesGap[] = [];
    await this.db.transaction(async () => {
      for (const occurrence of occurrences) {
        // Each date on its own savepoint: a refused booking takes back only its own writes.
        await this.db.query('SAVEPOINT forum_series_date');
        try {
          created.push(await this.sessions.schedule(actor, input, occurrence, seriesId));
          await this.db.query('RELEASE SAVEPOINT forum_series_date');
        } catch (error) {
          await this.db.query('ROLLBACK TO SAVEPOINT forum_series_date');
          // Problems of the session itself (topic, capacity) are the same for every date.
          if (!(error instanceof DomainError) || error.code in SESSION_PROBLEMS) throw error;
          const gap = Object.assign(new ForumSeriesGap(), {
            seriesId,
            startsAt: occurrence.startsAt,
            endsAt: occurrence.endsAt,
            code: error.code,
            params: error.params,
          });
          gaps.push(gap);
          conflicts.push(this.conflict(locale, gap));
        }
      }
      if (created.length === 0) {
        throw ForumErrors.SERIES_WITHOUT_ROOM({ count: conflicts.length }, { conflicts });
      }
      if (gaps.length) await this.db.repository(ForumSeriesGap).insert(gaps);
    });
    return { seriesId, created: await this.sessions.views(created), conflicts };
  }

  /**
   * What became of a series' dates, read back: its sessions, and the dates that did not get
   * the room and have not been planned elsewhere since (a session of the series at that time).
   */
  async outcome(actor: Actor, seriesId: string, language?: string): Promise<SeriesResultDto> {
    const locale = language ? this.catalogue.negotiate(language, actor.locale) : actor.locale;
    const [sessions, gaps] = await Promise.all([
      this.db.manager.find(ForumSession, {
        where: { seriesId },
        order: { startsAt: 'ASC', id: 'ASC' },
      }),
      this.db.manager.find(ForumSeriesGap, { where: { seriesId }, order: { startsAt: 'ASC' } }),
    ]);
    if (sessions.length === 0) throw ForumErrors.FORUM_SERIES_NOT_FOUND();
    const planned = new Set(sessions.map((session) => session.startsAt.getTime()));
    return {
      seriesId,
      created: await this.sessions.views(sessions),
      conflicts: gaps
        .filter((gap) => !planned.has(gap.startsAt.getTime()))
        .map((gap) => this.conflict(locale, gap)),
    };
  }

  private conflict(locale: string, gap: ForumSeriesGap): SeriesConflictDto {
    return {
      startsAt: gap.startsAt.toISOString(),
      endsAt: gap.endsAt.toISOString(),
      code: gap.code,
      reason: this.catalogue.t(locale, `problems.${gap.code}.detail`, gap.params),
    };
  }
}

/** Refusals that concern the session, not the date: the whole series is refused. */
const SESSION_PROBLEMS: Record<string, true> = {
  UNKNOWN_TOPIC: true,
  CAPACITY_ABOVE_ROOM: true,
  ROOM_NOT_FOUND: true,
  ROOM_INACTIVE: true,
  VALIDATION_FAILED: true,
};

function expand(input: CreateSeriesDto, zone: string): Occurrence[] {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt <= startsAt) throw fieldError('endsAt', 'validation.endsAfterStart');
  const until = input.recurrence.until;
  try {
    return expandSeries(
      {
        startsAt,
        endsAt,
        rrule: input.recurrence.rrule,
        // "2027-12-31" is that day in the room's zone; an instant is taken as it is.
        until: until
          ? /^\d{4}-\d{2}-\d{2}$/.test(until)
            ? DateTime.fromISO(until, { zone }).toJSDate()
            : new Date(until)
          : undefined,
        count: input.recurrence.count,
      },
      zone,
    );
  } catch (error) {
    if (!(error instanceof RecurrenceError)) throw error;
    const field = error.problem === 'RRULE_END_MISSING' ? 'recurrence.until' : 'recurrence.rrule';
    throw fieldError(field, `validation.${error.problem}`, { part: error.part });
  }
}
