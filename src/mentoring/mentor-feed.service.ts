import { Injectable } from '@nestjs/common';
import { CalendarWindow, MentorFeedEvent, MentorFeedSource } from '../calendar/calendar.contract';
import { MeetingsService } from './meetings.service';
import { MentorsService } from './mentors.service';

/** What the calendar's `mentor` feed links read: the mentor and their meetings. */
@Injectable()
export class MentorFeedService implements MentorFeedSource {
  constructor(
    private readonly mentors: MentorsService,
    private readonly meetings: MeetingsService,
  ) {}

  mentorOf(mentorId: string): Promise<{ userId: string; name: string } | null> {
    return this.mentors.ownerOf(mentorId);
  }

  mentorEvents(
    mentorId: string,
    window: CalendarWindow,
    locale: string,
  ): Promise<MentorFeedEvent[]> {
    return this.meetings.mentorEvents(mentorId, window, locale);
  }
}
