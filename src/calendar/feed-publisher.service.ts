import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ChangesMark, DatabaseChanges } from '../database/database-changes';
import { OrganizationsService } from '../organizations/organizations.service';
import { RoomsService } from '../rooms/rooms.service';
import {
  BOOKING_FEED_SOURCE,
  BookingFeedSource,
  CalendarBooking,
  CalendarParticipants,
  CalendarSelection,
  FeedEvent,
} from './calendar.contract';
import { FeedDefinition } from './calendar-feeds.service';
import { CachedFeed, FeedCache } from './feed-cache';
import { EventFeedSourcesService } from './event-feed-sources.service';
import { feedEvent, FeedTexts, privateEvent, publicRoomEvent, RoomLabel } from './feed-events';
import { ConditionalHeaders, isNotModified, strongEtag, wholeSeconds } from './feed-http';
import { FeedWindow, feedWindow } from './feed-window';
import { writeCalendar } from './ical/booking-event';

/** Raise when the rendering changes, so that no cached validator outlives it. */
const FORMAT = 1;

/** How often subscribers are asked to reload (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
const REFRESH_SECONDS = 60 * 60;

/** How long HTTP caches may keep a feed without asking again. */
const MAX_AGE_SECONDS = 5 * 60;

/** A feed as the controller sends it: 304 without a body, or 200 with one. */
export interface PublishedFeed {
  notModified: boolean;
  body: Buffer | null;
  headers: Record<string, string>;
}

interface Labels {
  rooms: Map<string, RoomLabel>;
  organizations: Map<string, string>;
  changedAt: Date | null;
}

const NO_LABELS: Labels = { rooms: new Map(), organizations: new Map(), changedAt: null };

/** What a request for a feed led to, remembered while nothing it was made of changed. */
interface Remembered {
  mark: ChangesMark;
  subjects: string[];
  /** The window's day (ms): the feed changes when it moves on. */
  day: number;
  /** The feed's key in the cache. */
  key: string;
  visibility: FeedDefinition['visibility'];
}

/** Requests remembered (feed × language); the oldest are forgotten beyond this. */
const MAX_REMEMBERED = 10_000;

/**
 * Turns a feed definition into iCalendar with validators. The bookings are first only
 * fingerprinted in the database; when the fingerprint, names and window are those of a feed
 * rendered before, the cached validators answer 304 (and often the cached body 200) without
 * reading or rendering a single booking.
 */
@Injectable()
export class FeedPublisherService {
  private readonly cache = new FeedCache();
  /** Renderings under way: requests that miss the cache together wait for one of them. */
  private readonly rendering = new Map<string, Promise<CachedFeed>>();
  private readonly remembered = new Map<string, Remembered>();

  constructor(
    @Inject(BOOKING_FEED_SOURCE) private readonly bookings: BookingFeedSource,
    private readonly rooms: RoomsService,
    private readonly organizations: OrganizationsService,
    private readonly catalogue: MessageCatalogue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly changes: DatabaseChanges,
    private readonly sources: EventFeedSourcesService,
  ) {}

  /**
   * A feed whose definition says what announces its changes (`changesOf`, public room
   * feeds): a request like one answered before — same feed, same language, same window day —
   * is answered from the cache without the database while `DatabaseChanges` heard of no change
   * to any of its subjects since that answer began to read. Otherwise, and whenever changes
   * are not being listened for (embedded database), as `publish`.
   */
  async publishRemembered(
    feedKey: string,
    acceptLanguage: string | undefined,
    define: () => Promise<FeedDefinition>,
    conditional: ConditionalHeaders,
    now = new Date(),
  ): Promise<PublishedFeed> {
    const requestKey = `${feedKey}|${this.catalogue.negotiate(acceptLanguage)}`;
    const day = feedWindow(now).day.getTime();
    // After a change made through this instance, its notifications first.
    await this.changes.caughtUp();
    const known = this.remembered.get(requestKey);
    if (known && known.day === day && this.changes.isCurrent(known.mark, known.subjects)) {
      const cached = this.cache.get(known.key);
      if (cached && (cached.body !== null || isNotModified(conditional, cached))) {
        return this.answer(cached, known.visibility, conditional);
      }
    }
    // Taken before the first read: an announcement from now on makes what is read suspect.
    const mark = this.changes.mark();
    const feed = await define();
    if (!feed.selection || feed.events) return this.publish(feed, conditional, now);
    const { key, cached } = await this.prepare(feed, feed.selection, conditional, now);
    if (mark && feed.changesOf) {
      this.remembered.delete(requestKey);
      this.remembered.set(requestKey, {
        mark,
        subjects: feed.changesOf,
        day,
        key,
        visibility: feed.visibility,
      });
      if (this.remembered.size > MAX_REMEMBERED) {
        this.remembered.delete(this.remembered.keys().next().value!);
      }
    }
    return this.answer(cached, feed.visibility, conditional);
  }

  async publish(
    feed: FeedDefinition,
    conditional: ConditionalHeaders,
    now = new Date(),
  ): Promise<PublishedFeed> {
    const events = feed.events
      ? await this.sources.feedEvents(feed.events, feedWindow(now), feed.locale)
      : [];
    if (!feed.selection) return this.publishEvents(feed, events, conditional, now);
    const { cached } = await this.prepare(feed, feed.selection, conditional, now, events);
    return this.answer(cached, feed.visibility, conditional);
  }

  /**
   * A feed of events alone (the forum's programme, a mentor's meetings): few, so rendered on
   * every request; the bytes depend on the events' own change times only, so the ETag holds.
   */
  private publishEvents(
    feed: FeedDefinition,
    rows: FeedEvent[],
    conditional: ConditionalHeaders,
    now: Date,
  ): PublishedFeed {
    const window = feedWindow(now);
    const publicUrl = this.config.publicUrl;
    const body = writeCalendar({
      name: feed.name,
      refreshIntervalSeconds: REFRESH_SECONDS,
      events: rows.map((row) => feedEvent(row, publicUrl)),
    });
    const lastModified = wholeSeconds(
      new Date(Math.min(now.getTime(), changedAt(window.day, rows))),
    );
    return this.answer(
      { etag: strongEtag(body), lastModified, body },
      feed.visibility,
      conditional,
    );
  }

  /** The feed's validators (and often body) from the cache, or rendered now. */
  private async prepare(
    feed: FeedDefinition,
    selection: CalendarSelection,
    conditional: ConditionalHeaders,
    now: Date,
    events: FeedEvent[] = [],
  ): Promise<{ key: string; cached: CachedFeed }> {
    const window = feedWindow(now);
    const version = await this.bookings.calendarVersion(selection, window);
    const labels =
      feed.visibility === 'private'
        ? await this.labels(await this.bookings.calendarParticipants(selection, window))
        : NO_LABELS;
    const key = createHash('sha256')
      .update(
        JSON.stringify([
          FORMAT,
          this.config.publicUrl,
          feed.identity,
          window.day,
          version.count,
          version.digest,
          [...labels.rooms],
          [...labels.organizations],
          // Few, read already: their whole content is their fingerprint.
          events,
        ]),
      )
      .digest('base64url');

    let cached = this.cache.get(key);
    if (!cached || (cached.body === null && !isNotModified(conditional, cached))) {
      const lastModified = wholeSeconds(
        new Date(
          Math.min(
            now.getTime(),
            Math.max(
              // The window moves once a day and may drop old bookings: the feed changes then too.
              window.day.getTime(),
              version.lastChangedAt?.getTime() ?? 0,
              labels.changedAt?.getTime() ?? 0,
              feed.changedAt?.getTime() ?? 0,
              changedAt(0, events),
            ),
          ),
        ),
      );
      cached = await this.renderOnce(key, async () => {
        const body = await this.render(feed, selection, window, labels, events);
        return { etag: strongEtag(body), lastModified, body };
      });
    }
    return { key, cached };
  }

  private answer(
    cached: CachedFeed,
    visibility: FeedDefinition['visibility'],
    conditional: ConditionalHeaders,
  ): PublishedFeed {
    const headers: Record<string, string> = {
      'content-type': 'text/calendar; charset=utf-8',
      etag: cached.etag,
      'last-modified': cached.lastModified.toUTCString(),
      'cache-control':
        visibility === 'public'
          ? `public, max-age=${MAX_AGE_SECONDS}`
          : `private, max-age=${MAX_AGE_SECONDS}`,
      // The calendar's name and "Busy" follow Accept-Language.
      vary: 'Accept-Language',
    };
    if (isNotModified(conditional, cached)) return { notModified: true, body: null, headers };
    return { notModified: false, body: cached.body, headers };
  }

  private async renderOnce(key: string, render: () => Promise<CachedFeed>): Promise<CachedFeed> {
    let pending = this.rendering.get(key);
    if (!pending) {
      pending = render().then((feed) => {
        this.cache.set(key, feed);
        return feed;
      });
      this.rendering.set(key, pending);
      const forget = () => this.rendering.delete(key);
      pending.then(forget, forget);
    }
    return pending;
  }

  private async render(
    feed: FeedDefinition,
    selection: CalendarSelection,
    window: FeedWindow,
    labels: Labels,
    others: FeedEvent[],
  ): Promise<Buffer> {
    const rows: CalendarBooking[] = await this.bookings.forCalendar(selection, window);
    const texts = this.texts(feed.locale);
    const publicUrl = this.config.publicUrl;
    const events =
      feed.visibility === 'public'
        ? rows.map((row) => publicRoomEvent(row, publicUrl, texts))
        : rows.map((row) => privateEvent(row, publicUrl, texts, labels));
    for (const other of others) events.push(feedEvent(other, publicUrl));
    return writeCalendar({ name: feed.name, refreshIntervalSeconds: REFRESH_SECONDS, events });
  }

  private texts(locale: string): FeedTexts {
    const t = (key: string, params: Record<string, string> = {}) =>
      this.catalogue.t(locale, key, params);
    // Asked once per booking of a private feed: a handful of statuses, thousands of rows.
    const statuses = new Map<string, string>();
    return {
      busy: t('calendar.busy'),
      organization: (organization) => t('calendar.event.organization', { organization }),
      room: (room) => t('calendar.event.room', { room }),
      status: (status) => {
        let text = statuses.get(status);
        if (text === undefined) {
          text = t('calendar.event.status', { status });
          statuses.set(status, text);
        }
        return text;
      },
    };
  }

  /** Names of the rooms and organisations a private feed's bookings refer to. */
  private async labels(participants: CalendarParticipants): Promise<Labels> {
    const rooms = new Map<string, RoomLabel>();
    let changedAt = 0;
    const profiles = await this.rooms.profiles(participants.roomIds);
    for (const id of [...participants.roomIds].sort()) {
      const room = profiles.get(id);
      if (!room) continue;
      rooms.set(id, { room: room.name, venue: room.venueName, address: room.address });
      changedAt = Math.max(changedAt, room.changedAt.getTime());
    }
    const names = await this.organizations.namesOf([...participants.organizationIds].sort());
    const organizations = new Map([...names].sort(([a], [b]) => a.localeCompare(b)));
    return { rooms, organizations, changedAt: changedAt ? new Date(changedAt) : null };
  }
}

/** The latest change among the events, or `since` when it is later. */
function changedAt(since: Date | number, events: readonly FeedEvent[]): number {
  let latest = typeof since === 'number' ? since : since.getTime();
  for (const event of events) latest = Math.max(latest, event.updatedAt.getTime());
  return latest;
}
