import { Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { UuidParam } from '../../common/validation/uuid-param';
import { AssignmentsService } from '../../mentoring/assignments.service';
import { MEETING_FORMATS } from '../../mentoring/mentoring.contract';
import { MeetingsService } from '../../mentoring/meetings.service';
import { emptyForm, FormState } from '../shell/form';
import { FormRefusal, submitForm } from '../shell/form-submit';
import { CITY_ZONE } from '../shell/format';
import { LoginRequired, PageController } from '../shell/page.decorator';
import { PagesService } from '../shell/pages.service';
import { webOf } from '../shell/web-request';
import { AssignmentViews } from './assignment-views.service';
import { DeclineForm, EndForm, MeetingForm } from './mentoring.form';

/** The notices a redirect back to the page may carry. */
const NOTICES = ['proposed', 'accepted', 'declined', 'completed', 'ended', 'logged'];

/**
 * An assignment's page — the link in the mentoring mails: its details; accept or decline
 * for the proposed mentor; complete or end (with a reason) for either side and staff; the
 * meetings, logged by the mentor. Staff, the mentor and the organisation's members only:
 * for anyone else it does not exist (404), as in the API.
 */
@PageController('mentoring/assignments')
@LoginRequired()
export class AssignmentPage {
  constructor(
    private readonly pages: PagesService,
    private readonly assignments: AssignmentsService,
    private readonly meetings: MeetingsService,
    private readonly views: AssignmentViews,
  ) {}

  @Get(':id')
  async show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    return this.render(request, reply, id, emptyForm({ durationMinutes: '60' }));
  }

  /** A button without a form: nothing to show again, a refusal is the error page. */
  @Post(':id/accept')
  async accept(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    await this.assignments.accept(webOf(request).user!, id);
    return this.pages.redirect(reply, `/mentoring/assignments/${id}?done=accepted`);
  }

  @Post(':id/decline')
  async decline(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    return submitForm(this.pages, request, reply, {
      form: DeclineForm,
      show: (state) => this.render(request, reply, id, state),
      act: (form) => this.assignments.decline(webOf(request).user!, id, form.declineReason),
      redirect: `/mentoring/assignments/${id}?done=declined`,
    });
  }

  /** A button without a form: nothing to show again, a refusal is the error page. */
  @Post(':id/complete')
  async complete(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    await this.assignments.finish(webOf(request).user!, id, 'completed');
    return this.pages.redirect(reply, `/mentoring/assignments/${id}?done=completed`);
  }

  @Post(':id/end')
  async end(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    return submitForm(this.pages, request, reply, {
      form: EndForm,
      show: (state) => this.render(request, reply, id, state),
      act: (form) => this.assignments.finish(webOf(request).user!, id, 'ended', form.reason),
      redirect: `/mentoring/assignments/${id}?done=ended`,
    });
  }

  @Post(':id/meetings')
  async log(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    return submitForm(this.pages, request, reply, {
      form: MeetingForm,
      show: (state) => this.render(request, reply, id, state),
      act: (form) => {
        const startsAt = DateTime.fromISO(`${form.date}T${form.time}`, { zone: CITY_ZONE });
        if (!startsAt.isValid) throw new FormRefusal('date', 'validation.default');
        return this.meetings.create(webOf(request).user!, id, {
          startsAt: startsAt.toUTC().toISO(),
          durationMinutes: form.durationMinutes,
          format: form.format,
          topics: [...new Set(form.topics)],
          note: form.note,
        });
      },
      redirect: `/mentoring/assignments/${id}?done=logged`,
    });
  }

  private async render(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: FormState,
  ): Promise<void> {
    const web = webOf(request);
    const view = await this.views.assignment(web.user!, id, web.locale);
    const query = request.query as Record<string, string>;
    const done = query.proposed === '1' ? 'proposed' : query.done;
    return this.pages.render(request, reply, web, 'mentoring/assignment', {
      title: 'web.mentoring.assignment.title',
      ...view,
      zone: CITY_ZONE,
      formats: MEETING_FORMATS,
      notice: NOTICES.includes(done) ? done : null,
      form,
    });
  }
}
