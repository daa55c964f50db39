import { Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommonErrors } from '../../common/errors/domain-error';
import { UuidParam } from '../../common/validation/uuid-param';
import { AssignmentsService } from '../../mentoring/assignments.service';
import { MentorMatchingService } from '../../mentoring/mentor-matching.service';
import { TIMES_OF_WEEK, URGENCIES } from '../../mentoring/mentoring.contract';
import {
  MentoringRequestsService,
  toRequestResponse,
} from '../../mentoring/mentoring-requests.service';
import { OrganizationsService } from '../../organizations/organizations.service';
import { TopicsService } from '../../topics/topics.service';
import { emptyForm, FormState } from '../shell/form';
import { submitForm } from '../shell/form-submit';
import { LoginRequired, PageController } from '../shell/page.decorator';
import { PagesService } from '../shell/pages.service';
import { webOf } from '../shell/web-request';
import { MentoringRequestForm, ProposeForm } from './mentoring.form';

/** How many requests, assignments and suggestions a page lists (newest first). */
const LISTED = 50;
const SUGGESTED = 10;

/**
 * Mentoring for organisations and staff: the overview (own requests and assignments, or the
 * open requests for staff), "ask for a mentor", and a request's page — for staff with the
 * ranked suggestions, their reasons in words, and a "propose" button per mentor.
 */
@PageController('mentoring')
@LoginRequired()
export class MentoringRequestsPage {
  constructor(
    private readonly pages: PagesService,
    private readonly requests: MentoringRequestsService,
    private readonly matching: MentorMatchingService,
    private readonly assignments: AssignmentsService,
    private readonly organizations: OrganizationsService,
    private readonly topics: TopicsService,
  ) {}

  @Get()
  async overview(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = webOf(request);
    const actor = web.user!;
    const requests = await this.requests.list(actor, {
      limit: LISTED,
      offset: 0,
      ...(actor.isAdmin ? { status: 'open' as const } : {}),
    });
    const assignments = await this.assignments.list(actor, { limit: LISTED, offset: 0 });
    const names = await this.organizations.namesOf([
      ...new Set([...requests.items, ...assignments.items].map((item) => item.organizationId)),
    ]);
    return this.pages.render(request, reply, web, 'mentoring/overview', {
      title: 'web.mentoring.overview.title',
      requests: requests.items.map((item) => ({
        ...item,
        created: new Date(item.createdAt),
        topicLabel: this.topics.label(web.locale, item.topic),
        organization: names.get(item.organizationId) ?? '',
      })),
      requestsTotal: requests.total,
      assignments: assignments.items.map((item) => ({
        ...item,
        organization: names.get(item.organizationId) ?? '',
      })),
      canAsk: (await this.organizations.organizationIdsOf(actor.id)).length > 0,
    });
  }

  @Get('requests/new')
  async ask(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.showAsk(request, reply, emptyForm({ urgency: 'normal' }));
  }

  @Post('requests')
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const actor = webOf(request).user!;
    return submitForm(this.pages, request, reply, {
      form: MentoringRequestForm,
      show: (state) => this.showAsk(request, reply, state),
      act: (form) =>
        this.requests.create(actor, { ...form, preferredTimes: [...new Set(form.preferredTimes)] }),
      // Someone else's organisation is refused as by the API (403/404), not on the form.
      refusals: { MENTORING_UNKNOWN_TOPIC: 'topic' },
      redirect: ({ id }) => `/mentoring/requests/${id}?asked=1`,
    });
  }

  @Get('requests/:id')
  async show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    return this.showRequest(request, reply, id, emptyForm());
  }

  /** Staff propose a suggested mentor; the mentor answers on the assignment's page. */
  @Post('requests/:id/proposals')
  async propose(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    const actor = webOf(request).user!;
    if (!actor.isAdmin) throw CommonErrors.FORBIDDEN();
    const field = 'mentorId';
    return submitForm(this.pages, request, reply, {
      form: ProposeForm,
      show: (state) => this.showRequest(request, reply, id, state),
      act: (form) => this.assignments.propose(actor, id, form),
      refusals: {
        MENTOR_NOT_FOUND: field,
        MENTOR_NOT_AVAILABLE: field,
        NO_SHARED_LANGUAGE: field,
        MENTOR_AT_CAPACITY: field,
        ALREADY_PROPOSED: field,
        MENTORING_REQUEST_NOT_OPEN: field,
      },
      redirect: (assignment) => `/mentoring/assignments/${assignment.id}?proposed=1`,
    });
  }

  private async showAsk(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
  ): Promise<void> {
    const web = webOf(request);
    const mine = await this.organizations.list(web.user, { mine: true, limit: 100, offset: 0 });
    return this.pages.render(request, reply, web, 'mentoring/ask', {
      title: 'web.mentoring.ask.title',
      organizations: mine.items,
      topics: await this.topics.list(web.locale),
      times: TIMES_OF_WEEK,
      urgencies: URGENCIES,
      form,
    });
  }

  private async showRequest(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: FormState,
  ): Promise<void> {
    const web = webOf(request);
    const actor = web.user!;
    const found = await this.requests.visible(actor, id);
    const suggestions =
      actor.isAdmin && found.status === 'open'
        ? await this.matching.suggest(found, web.locale, SUGGESTED)
        : null;
    const names = await this.organizations.namesOf([found.organizationId]);
    const query = request.query as Record<string, string>;
    return this.pages.render(request, reply, web, 'mentoring/request', {
      title: 'web.mentoring.request.title',
      request: { ...toRequestResponse(found), created: found.createdAt },
      organization: names.get(found.organizationId) ?? '',
      topicLabel: this.topics.label(web.locale, found.topic),
      suggestions,
      asked: query.asked === '1',
      form,
    });
  }
}
