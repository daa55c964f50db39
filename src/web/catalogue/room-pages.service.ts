import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Actor } from '../../common/auth/actor';
import { AvailabilityService } from '../../availability/availability.service';
import { requestableStarts } from '../../bookings/bookings.contract';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DatabaseChanges } from '../../database/database-changes';
import { ComputedAnswer, RememberedAnswers } from '../../database/remembered-answers';
import { RoomsService } from '../../rooms/rooms.service';
import { PagesService } from '../shell/pages.service';
import { buildWeek, requestUrl, weekStart } from './week-view';

/** About 20 KB a room page's content, so some 1,600 of them at most. */
const REMEMBERED = { maxEntries: 2_000, maxBytes: 32 * 1024 * 1024 };

/** A room page's own part: its title and the HTML inside the layout. */
export interface RoomContent {
  title: string;
  html: string;
}

/**
 * The room page's own part — the room's facts, its week of slots with a request link for each
 * free hour, the list per day, the feed — rendered once per room, week and language and kept
 * in memory while nothing it was made of was announced (`room:<id>`, `venue:<id>`, as for the
 * availability it shows) and the clock has not moved a slot on (`Week.changesAt`). Kept only
 * when the public sees the room: then it is the same for everyone, exactly as availability's
 * answer. The layout around it (user, CSRF token, language switch) is rendered per request.
 */
@Injectable()
export class RoomPages {
  private readonly remembered: RememberedAnswers;

  constructor(
    private readonly rooms: RoomsService,
    private readonly availability: AvailabilityService,
    private readonly pages: PagesService,
    changes: DatabaseChanges,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.remembered = new RememberedAnswers(changes, REMEMBERED);
  }

  /**
   * The content for the week holding `week` (yyyy-mm-dd; else this week, in the room's zone).
   * The key names the week by its Monday, whatever day of it was asked for.
   */
  async content(
    actor: Actor | undefined,
    roomId: string,
    week: string | undefined,
    locale: string,
  ): Promise<RoomContent> {
    const monday = mondayOf(week);
    const { body } = await this.remembered.answer(
      `${roomId}|${monday ?? 'now'}|${locale}`,
      async () => {
        const { content, keep } = await this.compute(actor, roomId, monday, locale, true);
        return { body: Buffer.from(JSON.stringify(content)), keep };
      },
    );
    return JSON.parse(body.toString('utf8')) as RoomContent;
  }

  /** As `content`, rendered now from the database (availability too). */
  async render(
    actor: Actor | undefined,
    roomId: string,
    week: string | undefined,
    locale: string,
  ): Promise<RoomContent> {
    return (await this.compute(actor, roomId, mondayOf(week), locale, false)).content;
  }

  private async compute(
    actor: Actor | undefined,
    roomId: string,
    monday: string | undefined,
    locale: string,
    remembered: boolean,
  ): Promise<{ content: RoomContent; keep: ComputedAnswer['keep'] }> {
    const room = await this.rooms.get(actor, roomId);
    const start = weekStart(monday, room.timeZone);
    const end = start.plus({ weeks: 1 });
    const read = remembered ? 'forRoomRemembered' : 'forRoom';
    const found = await this.availability[read](actor, roomId, start.toISO()!, end.toISO()!);
    const now = Date.now();
    const week = buildWeek(start, found.open, found.busy, found.free, {
      now,
      ...requestableStarts(room.policy, now),
    });
    const html = await this.pages.fragment('rooms/room-content', locale, {
      room,
      week,
      previousWeek: start.minus({ weeks: 1 }).toISODate(),
      nextWeek: end.toISODate(),
      requestUrl: (from: Date, to: Date) => requestUrl(room.id, from, to),
      feedUrl: `${this.config.publicUrl.replace(/\/$/, '')}/api/calendar/rooms/${room.id}.ics`,
    });
    return {
      content: { title: room.name, html },
      // This week's page turns into next week's at Monday midnight.
      keep: room.listed
        ? {
            subjects: [`room:${room.id}`, `venue:${room.venueId}`],
            expiresAt: Math.min(week.changesAt, monday ? Infinity : end.toMillis()),
          }
        : null,
    };
  }
}

/** The Monday (yyyy-mm-dd) of the week holding a date; none for anything but a real date. */
function mondayOf(date: string | undefined): string | undefined {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  // A calendar date's Monday is the same in every zone.
  const day = DateTime.fromISO(date, { zone: 'UTC' });
  return day.isValid ? day.startOf('week').toISODate() : undefined;
}
