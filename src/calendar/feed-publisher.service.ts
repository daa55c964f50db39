import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DatabaseChanges } from '../database/database-changes';
import { RememberedAnswers } from '../database/remembered-answers';
import { OrganizationsService } from '../organizations/organizations.service';
import { RoomsService } from '../rooms/rooms.service';
import {
  BOOKING_FEED_SOURCE,
  BookingFeedSource,
  CalendarParticipants,
  CalendarSelection,
  FeedEvent,
} from './calendar.contract';
import { FeedDefinition } from './calendar-feeds.service';
import { EventFeedSourcesService } from './event-feed-sources.service';
import { CalendarBookingRows } from './feed-booking-rows';
import {
  FeedBookingContext,
  feedEvent,
  FeedTexts,
  RoomLabel,
  writeFeedBookings,
} from './feed-events';
import {
  ConditionalHeaders,
  FeedValidators,
  isNotModified,
  strongEtag,
  wholeSeconds,
} from './feed-http';
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

/** A feed as rendered once, for every request that gets the same bytes. */
interface RenderedFeed extends FeedValidators {
  /**
   * The bytes sent, UTF-8 encoded once; null when kept without them (too large for the
   * budget): the validators alone still answer a conditional request.
   */
  body: Buffer | null;
  visibility: FeedDefinition['visibility'];
}

const DAY_MS = 86_400_000;

/**
 * Feeds kept in memory, under two kinds of key (`RememberedAnswers`): by request (feed ×
 * language) while nothing announced (public room feeds), and by version (the bookings'
 * fingerprint, names, language, window day) for every feed. A public feed's body is counted
 * under both, so the budget holds about as many distinct feeds as 32 MB would.
 */
const REMEMBERED = {
  maxEntries: 12_000,
  maxBytes: 64 * 1024 * 1024,
  withoutBody: (feed: RenderedFeed): RenderedFeed => ({ ...feed, body: null }),
};

/**
 * Turns a feed definition into iCalendar with validators. The bookings are first only
 * fingerprinted in the database; when the fingerprint, names and window are those of a feed
 * rendered before, the kept validators answer 304 (and often the kept body 200) without
 * reading or rendering a single booking.
 */
@Injectable()
export class FeedPublisherService {
  private readonly remembered: RememberedAnswers<RenderedFeed>;

  constructor(
    @Inject(BOOKING_FEED_SOURCE) private readonly bookings: BookingFeedSource,
    private readonly rooms: RoomsService,
    private readonly organizations: OrganizationsService,
    private readonly catalogue: MessageCatalogue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    changes: DatabaseChanges,
    private readonly sources: EventFeedSourcesService,
  ) {
    this.remembered = new RememberedAnswers(changes, REMEMBERED);
  }

  /**
   * A feed whose definition says what announces its changes (`changesOf`, public room
   * feeds): a request like one answered before — same feed, same language, same window day —
   * is answered from memory without the database while `DatabaseChanges` heard of no change
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
    const day = feedWindow(now).day.getTime();
    const key = `request|${feedKey}|${this.catalogue.negotiate(acceptLanguage)}|${day}`;
    const feed = await this.remembered.answer(
      key,
      async (keeping) => {
        const definition = await define();
        const rendered = await this.rendered(definition, conditional, now);
        // Events from other sources are read on every request: a feed with them is not kept.
        const remembered =
          keeping && definition.changesOf && definition.selection && !definition.events;
        return {
          ...rendered,
          // The window moves on at the next UTC day, and may drop old bookings then.
          keep: remembered ? { subjects: definition.changesOf!, expiresAt: day + DAY_MS } : null,
        };
      },
      (kept) => this.sendable(kept, conditional),
    );
    return this.answer(feed, conditional);
  }

  async publish(
    feed: FeedDefinition,
    conditional: ConditionalHeaders,
    now = new Date(),
  ): Promise<PublishedFeed> {
    return this.answer(await this.rendered(feed, conditional, now), conditional);
  }

  /** The feed's validators, and its body unless a conditional request needs none. */
  private async rendered(
    feed: FeedDefinition,
    conditional: ConditionalHeaders,
    now: Date,
  ): Promise<RenderedFeed> {
    const events = feed.events
      ? await this.sources.feedEvents(feed.events, feedWindow(now), feed.locale)
      : [];
    if (!feed.selection) return this.renderEvents(feed, events, now);
    return this.prepare(feed, feed.selection, conditional, now, events);
  }

  /** Whether a kept feed answers this request: with its body, or as 304 without one. */
  private sendable(feed: RenderedFeed, conditional: ConditionalHeaders): boolean {
    return feed.body !== null || isNotModified(conditional, feed);
  }

  /**
   * A feed of events alone (the forum's programme, a mentor's meetings): few, so rendered on
   * every request; the bytes depend on the events' own change times only, so the ETag holds.
   */
  private renderEvents(feed: FeedDefinition, rows: FeedEvent[], now: Date): RenderedFeed {
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
    return { etag: strongEtag(body), lastModified, body, visibility: feed.visibility };
  }

  /** The feed's validators (and often body) kept by version, or rendered now. */
  private async prepare(
    feed: FeedDefinition,
    selection: CalendarSelection,
    conditional: ConditionalHeaders,
    now: Date,
    events: FeedEvent[],
  ): Promise<RenderedFeed> {
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
          feed.visibility,
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

    return this.remembered.byVersion(
      `version|${key}`,
      async () => {
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
        const body = await this.render(feed, selection, window, labels, events);
        return { etag: strongEtag(body), lastModified, body, visibility: feed.visibility };
      },
      (kept) => this.sendable(kept, conditional),
    );
  }

  private answer(feed: RenderedFeed, conditional: ConditionalHeaders): PublishedFeed {
    const headers: Record<string, string> = {
      'content-type': 'text/calendar; charset=utf-8',
      etag: feed.etag,
      'last-modified': feed.lastModified.toUTCString(),
      'cache-control':
        feed.visibility === 'public'
          ? `public, max-age=${MAX_AGE_SECONDS}`
          : `private, max-age=${MAX_AGE_SECONDS}`,
      // The calendar's name and "Busy" follow Accept-Language.
      vary: 'Accept-Language',
    };
    if (isNotModified(conditional, feed)) return { notModified: true, body: null, headers };
    return { notModified: false, body: feed.body, headers };
  }

  private async render(
    feed: FeedDefinition,
    selection: CalendarSelection,
    window: FeedWindow,
    labels: Labels,
    others: FeedEvent[],
  ): Promise<Buffer> {
    const rows = new CalendarBookingRows(
      await this.bookings.forCalendar(selection, window, feed.visibility),
    );
    const context: FeedBookingContext = {
      publicUrl: this.config.publicUrl,
      texts: this.texts(feed.locale),
      labels: feed.visibility === 'private' ? labels : null,
    };
    return writeCalendar({
      name: feed.name,
      refreshIntervalSeconds: REFRESH_SECONDS,
      written: { count: rows.count, write: (writer) => writeFeedBookings(writer, rows, context) },
      events: others.map((other) => feedEvent(other, context.publicUrl)),
    });
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
