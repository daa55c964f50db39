import { Injectable } from '@nestjs/common';
import { CalendarSelection, EventFeedSubject } from './calendar.contract';
import { DomainError } from '../common/errors/domain-error';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { UsersService } from '../identity/users.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { RoomsService } from '../rooms/rooms.service';
import { CalendarErrors } from './calendar.errors';
import { CalendarTokensService } from './calendar-tokens.service';
import { EventFeedSourcesService } from './event-feed-sources.service';

/** What a feed is, before its bookings are read: the publisher turns it into iCalendar. */
export interface FeedDefinition {
  /** Everything the body depends on besides the bookings and the names they refer to. */
  identity: unknown[];
  /** Public feeds show busy times only; private ones, reached by a secret link, show more. */
  visibility: 'public' | 'private';
  locale: string;
  /** NAME / X-WR-CALNAME. */
  name: string;
  /** The bookings it shows; null: none (a feed of events alone). */
  selection: CalendarSelection | null;
  /** The latest change to what `name` is made of, when it is known. */
  changedAt: Date | null;
  /**
   * When set, everything this feed is made of — the definition itself, its bookings, its
   * names — changes only with an announcement of one of these subjects (`DatabaseChanges`), so
   * a repeated request may be answered without the database while none was announced.
   */
  changesOf?: string[];
  /**
   * Whose events that are not bookings it shows besides them (forum sessions, a mentor's
   * meetings), from the registered `EventFeedSource`s; read on every request (few).
   */
  events?: EventFeedSubject;
}

/** Which bookings each feed shows, under which name, and who may read it. */
@Injectable()
export class CalendarFeedsService {
  constructor(
    private readonly rooms: RoomsService,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly tokens: CalendarTokensService,
    private readonly catalogue: MessageCatalogue,
    private readonly sources: EventFeedSourcesService,
  ) {}

  /** The public feed of an active room, in the language asked for (German by default). */
  async roomFeed(roomId: string, acceptLanguage: string | undefined): Promise<FeedDefinition> {
    // As for the room itself: an inactive room is not public, so neither is its feed.
    const room = await this.rooms.visibleProfile(undefined, roomId);
    const locale = this.catalogue.negotiate(acceptLanguage);
    const name = this.catalogue.t(locale, 'calendar.name.room', {
      room: room.name,
      venue: room.venueName,
    });
    return {
      identity: ['room', room.id, locale, name],
      visibility: 'public',
      locale,
      name,
      selection: { roomIds: [room.id] },
      changedAt: room.changedAt,
      // The room row (name, active), its venue (name) and its bookings (the counter's trigger).
      changesOf: [`room:${room.id}`, `venue:${room.venueId}`],
    };
  }

  /** The public programme: published public forum sessions (cancelled ones for a while). */
  forumFeed(acceptLanguage: string | undefined): FeedDefinition {
    const locale = this.catalogue.negotiate(acceptLanguage);
    const name = this.catalogue.t(locale, 'calendar.name.forum');
    return {
      identity: ['forum', locale, name],
      visibility: 'public',
      locale,
      name,
      selection: null,
      changedAt: null,
      events: { scope: 'public' },
    };
  }

  /**
   * The private feed behind a secret, in the language asked for or else its creator's. Any
   * failure on the way is the one FEED_NOT_FOUND, so the answer never tells why.
   */
  async tokenFeed(secret: string, acceptLanguage: string | undefined): Promise<FeedDefinition> {
    try {
      return await this.resolveTokenFeed(secret, acceptLanguage);
    } catch (error) {
      if (error instanceof DomainError) throw CalendarErrors.FEED_NOT_FOUND();
      throw error;
    }
  }

  private async resolveTokenFeed(
    secret: string,
    acceptLanguage: string | undefined,
  ): Promise<FeedDefinition> {
    const { token, creator } = await this.tokens.resolve(secret);
    const fallback = this.catalogue.locales.includes(creator.locale) ? creator.locale : undefined;
    const locale = this.catalogue.negotiate(acceptLanguage, fallback);
    const feed = (
      name: string,
      selection: CalendarSelection | null,
      events?: EventFeedSubject,
    ): FeedDefinition => ({
      identity: ['token', token.id, token.scope, token.subjectId, locale, name, selection, events],
      visibility: 'private',
      locale,
      name,
      selection,
      changedAt: null,
      events,
    });
    // Organisations' feeds show their bookings and what their members registered for.
    const ofOrganizations = (organizationIds: string[]) =>
      [{ organizationIds }, { scope: 'organizations', organizationIds }] as const;
    switch (token.scope) {
      case 'organization': {
        const { name } = await this.organizations.summary(token.subjectId);
        return feed(
          this.catalogue.t(locale, 'calendar.name.organization', { organization: name }),
          ...ofOrganizations([token.subjectId]),
        );
      }
      case 'owner': {
        const { name } = await this.organizations.summary(token.subjectId);
        const roomIds = await this.rooms.roomIdsOwnedBy([token.subjectId]);
        return feed(this.catalogue.t(locale, 'calendar.name.owner', { organization: name }), {
          roomIds: roomIds.sort(),
        });
      }
      case 'user': {
        const user = await this.users.findById(token.subjectId);
        if (!user) throw CalendarErrors.FEED_NOT_FOUND();
        const organizationIds = await this.organizations.organizationIdsOf(user.id);
        return feed(
          this.catalogue.t(locale, 'calendar.name.user', { user: user.name }),
          ...ofOrganizations(organizationIds.sort()),
        );
      }
      case 'mentor': {
        const subject = { scope: 'mentor', mentorId: token.subjectId } as const;
        const mentor = await this.sources.feedSubjectOwner(subject);
        if (!mentor) throw CalendarErrors.FEED_NOT_FOUND();
        return feed(
          this.catalogue.t(locale, 'calendar.name.mentor', { mentor: mentor.name }),
          null,
          subject,
        );
      }
    }
  }
}
