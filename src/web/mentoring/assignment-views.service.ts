import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { DomainError } from '../../common/errors/domain-error';
import { AssignmentsService } from '../../mentoring/assignments.service';
import { MeetingsService } from '../../mentoring/meetings.service';
import {
  MentoringRequestsService,
  toRequestResponse,
} from '../../mentoring/mentoring-requests.service';
import { MentorsService } from '../../mentoring/mentors.service';
import { OrganizationsService } from '../../organizations/organizations.service';
import { TopicsService } from '../../topics/topics.service';

/** The meetings an assignment's page lists (oldest first, as the API). */
const MEETINGS_LISTED = 100;

/** Null where the service says "not found" to this caller: the page leaves that part out. */
async function orHidden<T>(found: Promise<T>): Promise<T | null> {
  try {
    return await found;
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return null;
    throw error;
  }
}

/**
 * What an assignment's page shows, each part asked of its service as the caller: so the page
 * shows exactly what the API would (the mentor's contact only once assigned, notes only for
 * the mentor and staff), and nothing to anyone else (404).
 */
@Injectable()
export class AssignmentViews {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly meetings: MeetingsService,
    private readonly requests: MentoringRequestsService,
    private readonly mentors: MentorsService,
    private readonly organizations: OrganizationsService,
    private readonly topics: TopicsService,
  ) {}

  async assignment(actor: Actor, id: string, locale: string) {
    const standing = await this.assignments.standing(actor, id);
    const { assignment } = standing;
    const request = await orHidden(this.requests.visible(actor, assignment.requestId));
    const mentor = assignment.mentorId
      ? await orHidden(this.mentors.get(actor, assignment.mentorId))
      : null;
    const meetings = await this.meetings.list(actor, id, { limit: MEETINGS_LISTED, offset: 0 });
    const names = await this.organizations.namesOf([assignment.organizationId]);
    const topics = await this.topics.list(locale);
    const topicLabel = (key: string) => topics.find((t) => t.key === key)?.label ?? key;
    return {
      ...standing,
      request: request && {
        ...toRequestResponse(request),
        topicLabel: topicLabel(request.topic),
      },
      mentor: mentor && {
        name: mentor.name,
        email: mentor.email,
        languages: mentor.languages,
        district: mentor.district,
      },
      organization: names.get(assignment.organizationId) ?? '',
      meetings: meetings.items.map((meeting) => ({
        ...meeting,
        starts: new Date(meeting.startsAt),
        topicLabels: meeting.topics.map(topicLabel),
      })),
      meetingsTotal: meetings.total,
      topics,
    };
  }
}
