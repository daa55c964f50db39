import { Injectable } from '@nestjs/common';
import {
  CalendarWindow,
  EventFeedSource,
  EventFeedSubject,
  FeedEvent,
  FeedSubjectOwner,
} from './calendar.contract';

/**
 * The event sources of the feeds (`EventFeedSource`): each module with events registers
 * itself when it starts (mentoring, forum), so calendar depends on none of them.
 */
@Injectable()
export class EventFeedSourcesService {
  private readonly sources: EventFeedSource[] = [];

  register(source: EventFeedSource): void {
    if (!this.sources.includes(source)) this.sources.push(source);
  }

  /** All sources' events of the subject, in order of start (then id). */
  async feedEvents(
    subject: EventFeedSubject,
    window: CalendarWindow,
    locale: string,
  ): Promise<FeedEvent[]> {
    const events: FeedEvent[] = [];
    // One after the other: the embedded database has a single connection anyway.
    for (const source of this.sources) {
      events.push(...(await source.feedEvents(subject, window, locale)));
    }
    return events.sort(
      (a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id),
    );
  }

  /** The first source that keeps the subject names its owner; null when none does. */
  async feedSubjectOwner(subject: EventFeedSubject): Promise<FeedSubjectOwner | null> {
    for (const source of this.sources) {
      const owner = await source.feedSubjectOwner(subject);
      if (owner) return owner;
    }
    return null;
  }
}
