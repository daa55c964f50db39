import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Actor } from '../../common/auth/actor';
import { DatabaseChanges } from '../../database/database-changes';
import { ComputedAnswer, RememberedAnswers } from '../../database/remembered-answers';
import { inLanguage, SESSION_KINDS } from '../../forum/forum.contract';
import { ForumSessionsService } from '../../forum/forum-sessions.service';
import { RoomsService } from '../../rooms/rooms.service';
import { TopicsService } from '../../topics/topics.service';
import { FormState } from '../shell/form';
import { CITY_ZONE } from '../shell/format';
import { PagesService } from '../shell/pages.service';

type SessionQuery = Parameters<ForumSessionsService['list']>[1];

/** A few KiB a programme; the filters people use are few. */
const REMEMBERED = { maxEntries: 2_000, maxBytes: 16 * 1024 * 1024 };
/** Longer filter values than this are computed, not kept (anyone can send a long query). */
const LONGEST_KEY = 1_000;

/**
 * The forum programme's own part (everything inside the layout: the filters, the sessions
 * found, the pager), rendered once per language and filter and kept in memory while nothing it
 * shows was announced: the sessions and topics (`forum`), the names and zones of rooms and
 * venues (`catalogue`), the bookings of the sessions' rooms (`room:<id>`: a session whose
 * booking is not approved is tentative). "From today" turns into tomorrow at the city's
 * midnight. Staff see drafts too: theirs is rendered for them alone. The layout around it
 * (user, CSRF token, language switch) is rendered per request.
 */
@Injectable()
export class ProgrammePages {
  private readonly remembered: RememberedAnswers;

  constructor(
    private readonly sessions: ForumSessionsService,
    private readonly rooms: RoomsService,
    private readonly topics: TopicsService,
    private readonly pages: PagesService,
    changes: DatabaseChanges,
  ) {
    this.remembered = new RememberedAnswers(changes, REMEMBERED);
  }

  /** The programme's part for the filters `values` (valid; `from` a date or none). */
  async content(
    actor: Actor | undefined,
    locale: string,
    values: FormState['values'],
    search: Omit<SessionQuery, 'from'> & { from?: DateTime },
  ): Promise<string> {
    const key = `${locale}|${JSON.stringify(values)}`;
    if (actor?.isAdmin || key.length > LONGEST_KEY) {
      return (await this.compute(actor, locale, values, search)).html;
    }
    const { body } = await this.remembered.answer(key, async () => {
      const { html, keep } = await this.compute(actor, locale, values, search);
      return { body: Buffer.from(html), keep };
    });
    return body.toString('utf8');
  }

  /** The part with the filters' form alone, for a form with errors (never kept). */
  async form(locale: string, form: FormState): Promise<string> {
    return this.pages.fragment('forum/programme', locale, {
      kinds: SESSION_KINDS,
      topics: await this.topics.list(locale),
      results: null,
      form,
    });
  }

  private async compute(
    actor: Actor | undefined,
    locale: string,
    values: FormState['values'],
    search: Omit<SessionQuery, 'from'> & { from?: DateTime },
  ): Promise<{ html: string; keep: ComputedAnswer['keep'] }> {
    const today = DateTime.now().setZone(CITY_ZONE).startOf('day');
    const [topics, found] = await Promise.all([
      this.topics.list(locale),
      this.sessions.list(actor, { ...search, from: (search.from ?? today).toISO()! }),
    ]);
    const results = { ...found, items: found.items.map((session) => inLanguage(session, locale)) };
    const roomIds = [...new Set(results.items.map((session) => session.roomId))];
    const profiles = await this.rooms.profiles(roomIds);
    const params = new URLSearchParams(values as Record<string, string>);
    params.delete('offset');
    const html = await this.pages.fragment('forum/programme', locale, {
      kinds: SESSION_KINDS,
      topics,
      form: { values, errors: [] },
      results,
      rooms: profiles,
      pageQuery: params.toString(),
    });
    return {
      html,
      keep: {
        subjects: ['forum', 'catalogue', ...roomIds.map((id) => `room:${id}`)],
        expiresAt: search.from ? Infinity : today.plus({ days: 1 }).toMillis(),
      },
    };
  }
}
