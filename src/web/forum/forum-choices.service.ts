import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { AUDIENCES, SESSION_KINDS, TRANSLATION_LOCALES } from '../../forum/forum.contract';
import { OrganizationsService } from '../../organizations/organizations.service';
import { RoomSearchService } from '../../rooms/room-search.service';
import { RoomsService } from '../../rooms/rooms.service';
import { TopicsService } from '../../topics/topics.service';
import { translatedField } from './forum-staff.values';

/** How many entries one staff page lists (rooms, sessions, registrations, organisations). */
export const LISTED = 100;

/**
 * What the staff's forum pages read besides the forum: the rooms of the catalogue to pick
 * from, the agency's topics, the organisations' names.
 */
@Injectable()
export class ForumChoices {
  constructor(
    readonly rooms: RoomsService,
    readonly topics: TopicsService,
    readonly organizations: OrganizationsService,
    private readonly search: RoomSearchService,
  ) {}

  /** The choices of a session's or a series' form. */
  async choices(actor: Actor, locale: string) {
    const found = await this.search.searchRemembered(actor, { limit: LISTED, offset: 0 });
    return {
      kinds: SESSION_KINDS,
      audiences: AUDIENCES,
      // The form's fields of the session's text in further languages.
      translations: TRANSLATION_LOCALES.map((locale) => ({
        locale,
        title: translatedField('title', locale),
        description: translatedField('description', locale),
      })),
      topics: await this.topics.list(locale),
      rooms: found.items.map((room) => ({
        value: room.id,
        label: `${room.name}, ${room.venue.name} (${room.capacity})`,
      })),
    };
  }
}
