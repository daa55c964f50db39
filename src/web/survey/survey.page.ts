import { Get, Post, Req, Res } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor } from '../../common/auth/actor';
import { CommonErrors, DomainError } from '../../common/errors/domain-error';
import { UuidParam } from '../../common/validation/uuid-param';
import { OrganizationsService } from '../../organizations/organizations.service';
import { NEED_AREAS, QUESTION_KINDS } from '../../survey/survey.contract';
import { SurveysService } from '../../survey/surveys.service';
import { refusalOnForm, single } from '../manage/form-errors';
import { emptyForm, FormState, postedFields } from '../shell/form';
import { LoginRequired, PageController } from '../shell/page.decorator';
import { PagesService } from '../shell/pages.service';
import { WebContext, webOf } from '../shell/web-request';
import { staffOf } from '../staff/staff.page';
import {
  Answers,
  Round,
  answerField,
  answersFrom,
  answerValues,
  FIRST_ROWS,
  isOpen,
  roundFrom,
  rowsOf,
  wordingOf,
} from './survey.form';

/** The rounds a list shows: the newest; a survey runs a few rounds a year. */
const LISTED = 100;
/** The organisations of one person the survey pages offer to answer for. */
const MAX_ORGANIZATIONS = 20;

type Organization = { id: string; name: string; verified: boolean };
type LoggedIn = WebContext & { user: Actor };

const query = (request: FastifyRequest) => request.query as Record<string, unknown>;

/**
 * The needs survey in the browser: organisations' members answer the open rounds for their
 * verified organisation (once per organisation, editable until the round closes; a closed
 * round is shown read-only); staff open rounds with a form and close them — all on the
 * survey's service, as the API's routes.
 */
@PageController('surveys')
@LoginRequired()
export class SurveyPage {
  constructor(
    private readonly pages: PagesService,
    private readonly surveys: SurveysService,
    private readonly organizations: OrganizationsService,
  ) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = webOf(request) as LoggedIn;
    const found = await this.surveys.list({ limit: LISTED, offset: 0 });
    const staff = web.user.isAdmin;
    const verified = (await this.organizationsOf(web.user)).filter((o) => o.verified);
    const shown = found.items.filter((r) => staff || isOpen(r));
    const done = await this.surveys.answeredBy(
      web.user,
      shown.filter(isOpen).map((round) => round.id),
    );
    const rounds = shown.map((round) => ({
      ...this.roundView(round, web.locale),
      answered: isOpen(round)
        ? verified.map((organization) => ({
            organization,
            answered: done.has(`${round.id}|${organization.id}`),
          }))
        : [],
    }));
    return this.pages.render(request, reply, web, 'survey/list', {
      title: 'web.survey.listTitle',
      rounds,
      staff,
      hasVerified: verified.length > 0,
    });
  }

  @Get('new')
  newRound(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    staffOf(request);
    return this.showNew(request, reply, emptyForm({ rows: String(FIRST_ROWS) }));
  }

  // Not through submitForm: the questions are rows read without a form class.
  /** Opens the round; "add a question" shows the form again with one more row instead. */
  @Post()
  async open(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = staffOf(request);
    const values = postedFields(request);
    if (single(values.action) === 'add') {
      return this.showNew(
        request,
        reply,
        emptyForm({ ...values, rows: String(rowsOf(values) + 1) }),
      );
    }
    const { input, errors } = roundFrom(values);
    if (!input) return this.showNew(request, reply, { values, errors });
    let id: string;
    try {
      ({ id } = await this.surveys.create(web.user, input));
    } catch (error) {
      return this.showNew(request, reply, refusalOnForm(error, { values, errors: [] }, {}));
    }
    return this.pages.redirect(reply, `/surveys/${id}?opened=1`);
  }

  @Get(':id')
  async round(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    const web = webOf(request) as LoggedIn;
    const round = await this.surveys.get(id);
    const chosen = await this.chosen(web.user, query(request).organization);
    const answer = chosen ? await this.answerOf(web.user, id, chosen.id) : null;
    return this.showRound(request, reply, round, chosen, answer, emptyForm(answerValues(answer)));
  }

  /** Not through submitForm: the answers follow the round's questions, read without a form class. */
  @Post(':id/answers')
  async answer(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    const web = webOf(request) as LoggedIn;
    const values = postedFields(request);
    const organizationId = single(values.organizationId);
    if (!isUUID(organizationId)) throw CommonErrors.NOT_FOUND();
    const round = await this.surveys.get(id);
    const { answers, errors } = answersFrom(round.questions, values);
    let state: FormState = { values, errors };
    if (!errors.length) {
      try {
        await this.surveys.putAnswers(web.user, id, { organizationId, answers });
        return this.pages.redirect(reply, `/surveys/${id}?organization=${organizationId}&saved=1`);
      } catch (error) {
        state = refusalOnForm(error, state, {});
      }
    }
    // The form again, for the organisation it was sent for: the person's own, verified.
    const chosen = await this.chosen(web.user, organizationId);
    if (chosen?.id !== organizationId) throw CommonErrors.NOT_FOUND();
    const answer = await this.answerOf(web.user, id, chosen.id);
    return this.showRound(request, reply, round, chosen, answer, state);
  }

  /** A button without a form: nothing to show again, a refusal is the error page. */
  @Post(':id/close')
  async close(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    const web = staffOf(request);
    await this.surveys.close(web.user, id);
    return this.pages.redirect(reply, `/surveys/${id}?closed=1`);
  }

  // ---- inside ------------------------------------------------------------------------

  private showNew(request: FastifyRequest, reply: FastifyReply, form: FormState) {
    const web = webOf(request);
    const rows = rowsOf(form.values);
    return this.pages.render(request, reply, web, 'survey/new', {
      title: 'web.survey.newTitle',
      form,
      rows: Array.from({ length: rows }, (_, index) => index),
      areas: NEED_AREAS,
      kinds: QUESTION_KINDS,
    });
  }

  private async showRound(
    request: FastifyRequest,
    reply: FastifyReply,
    round: Round,
    chosen: Organization | null,
    answer: Answers | null,
    form: FormState,
  ): Promise<void> {
    const web = webOf(request) as LoggedIn;
    const organizations = await this.organizationsOf(web.user);
    const verified = organizations.filter((o) => o.verified);
    const staff = web.user.isAdmin;
    // Only members of a verified organisation answer; the page says why to anyone else.
    const refusal = chosen
      ? null
      : staff
        ? 'web.survey.staffView'
        : organizations.length
          ? 'web.survey.notVerified'
          : 'web.survey.noOrganization';
    const flags = query(request);
    const status = form.errors.length ? 422 : refusal && !staff ? 403 : 200;
    return this.pages.render(
      request,
      reply,
      web,
      'survey/round',
      {
        titleText: wordingOf(round.title, web.locale),
        round: this.roundView(round, web.locale),
        open: isOpen(round),
        chosen,
        others: verified.filter((o) => o.id !== chosen?.id),
        answer,
        given: answerValues(answer),
        refusal,
        staff,
        form,
        saved: flags.saved === '1',
        closed: flags.closed === '1',
        opened: flags.opened === '1',
      },
      status,
    );
  }

  /** A round worded in the page's language (German where it lacks one). */
  private roundView(round: Round, locale: string) {
    return {
      id: round.id,
      status: round.status,
      title: wordingOf(round.title, locale),
      description: wordingOf(round.description, locale),
      closesAt: new Date(round.closedAt ?? round.closesAt),
      questions: round.questions.map((question) => ({
        id: question.id,
        field: answerField(question.id),
        position: question.position,
        area: question.area,
        kind: question.kind,
        multiple: question.multiple,
        required: question.required,
        text: wordingOf(question.text, locale),
        options: question.options.map((o) => ({ key: o.key, label: wordingOf(o.label, locale) })),
      })),
    };
  }

  /** The person's organisations, by name (a person belongs to a few). */
  private async organizationsOf(user: Actor): Promise<Organization[]> {
    const ids = (await this.organizations.organizationIdsOf(user.id)).slice(0, MAX_ORGANIZATIONS);
    const found = await Promise.all(ids.map((id) => this.organizations.summary(id)));
    return found.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  /** The verified organisation the page answers for: the one asked for, else the first. */
  private async chosen(user: Actor, wanted: unknown): Promise<Organization | null> {
    const verified = (await this.organizationsOf(user)).filter((o) => o.verified);
    return verified.find((o) => o.id === wanted) ?? verified[0] ?? null;
  }

  private async answerOf(user: Actor, id: string, organizationId: string): Promise<Answers | null> {
    try {
      return await this.surveys.answers(user, id, organizationId);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'SURVEY_ANSWER_NOT_FOUND') return null;
      throw error;
    }
  }
}
