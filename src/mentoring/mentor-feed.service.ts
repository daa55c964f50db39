import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  CalendarWindow,
  EventFeedSource,
  EventFeedSubject,
  FeedEvent,
  FeedSubjectOwner,
} from '../calendar/calendar.contract';
import { EventFeedSourcesService } from '../calendar/event-feed-sources.service';
import { MeetingsService } from './meetings.service';
import { MentorsService } from './mentors.service';

/** What the calendar's `mentor` feed links read: the mentor and their meetings. */
@Injectable()
export class MentorFeedService implements EventFeedSource, OnModuleInit {
  constructor(
    private readonly mentors: MentorsService,
    private readonly meetings: MeetingsService,
    private readonly sources: EventFeedSourcesService,
  ) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  feedSubjectOwner(subject: EventFeedSubject): Promise<FeedSubjectOwner | null> {
    if (subject.scope !== 'mentor') return Promise.resolve(null);
    return this.mentors.ownerOf(subject.mentorId);
  }

  async feedEvents(
    subject: EventFeedSubject,
    window: CalendarWindow,
    locale: string,
  ): Promise<FeedEvent[]> {
    if (subject.scope !== 'mentor') return [];
    return this.meetings.mentorEvents(subject.mentorId, window, locale);
  }
}
