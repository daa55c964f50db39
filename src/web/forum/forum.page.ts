import { Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { UuidParam } from '../../common/validation/uuid-param';
import { inLanguage, REGISTRATION_LOCALES } from '../../forum/forum.contract';
import { ForumRegistrationsService } from '../../forum/forum-registrations.service';
import { ForumSessionsService } from '../../forum/forum-sessions.service';
import { OrganizationsService } from '../../organizations/organizations.service';
import { RoomsService } from '../../rooms/rooms.service';
import { TopicsService } from '../../topics/topics.service';
import { emptyForm, FormState, queryFields, readForm } from '../shell/form';
import { submitForm } from '../shell/form-submit';
import { CITY_ZONE } from '../shell/format';
import { PageController } from '../shell/page.decorator';
import { PagesService } from '../shell/pages.service';
import { webOf } from '../shell/web-request';
import { ProgrammeFilterForm, RegistrationForm } from './forum.form';
import { ProgrammePages } from './programme-pages.service';

const PAGE_SIZE = 20;

/**
 * The forum for everyone: the programme with filters, a session's page with its registration
 * form, and the registrant's own page behind the private link from the mail (no login).
 */
@PageController('forum')
export class ForumPage {
  constructor(
    private readonly pages: PagesService,
    private readonly sessions: ForumSessionsService,
    private readonly registrations: ForumRegistrationsService,
    private readonly rooms: RoomsService,
    private readonly topics: TopicsService,
    private readonly organizations: OrganizationsService,
    private readonly programmes: ProgrammePages,
  ) {}

  @Get()
  async programme(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    const web = webOf(request);
    const values = queryFields(query);
    const read = readForm(ProgrammeFilterForm, values);
    const title = 'web.forum.title';
    const from =
      read.ok && read.form.from ? DateTime.fromISO(read.form.from, { zone: CITY_ZONE }) : null;
    if (!read.ok || (from && !from.isValid)) {
      const form = read.ok
        ? { values, errors: [{ field: 'from', messageKey: 'validation.default', params: {} }] }
        : read.state;
      const content = await this.programmes.form(web.locale, form);
      return this.pages.render(request, reply, web, 'page', { title, form, content });
    }
    const form = read.form;
    const content = await this.programmes.content(web.user, web.locale, values, {
      limit: PAGE_SIZE,
      offset: form.offset ?? 0,
      from: from ?? undefined,
      kind: form.kind,
      topic: form.topic,
      language: form.language,
    });
    return this.pages.render(request, reply, web, 'page', {
      title,
      form: { values, errors: [] },
      content,
    });
  }

  @Get('sessions/:id')
  async session(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    const { user, locale: pageLocale } = webOf(request);
    // The mails' language: the page's, when the mails may be written in it.
    const locale = REGISTRATION_LOCALES.includes(pageLocale) ? pageLocale : 'de';
    return this.showSession(
      request,
      reply,
      id,
      emptyForm({
        name: user?.name ?? '',
        email: user?.email ?? '',
        places: '1',
        locale,
      }),
    );
  }

  @Post('sessions/:id/registrations')
  async register(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    const web = webOf(request);
    return submitForm(this.pages, request, reply, {
      form: RegistrationForm,
      show: (state) => this.showSession(request, reply, id, state),
      act: (form) => this.registrations.register(web.user, id, form),
      refusals: {
        ALREADY_REGISTERED: 'email',
        NOT_YOUR_ORGANIZATION: 'organizationId',
        MEMBERS_ONLY: 'organizationId',
        REGISTRATION_NOT_YET_OPEN: 'places',
        REGISTRATION_CLOSED: 'places',
        SESSION_STARTED: 'places',
        SESSION_CANCELLED: 'places',
      },
      redirect: ({ manageUrl }) =>
        `/forum/registrations/${new URL(manageUrl).pathname.split('/').pop()!}?registered=1`,
    });
  }

  @Get('registrations/:token')
  async own(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('token') token: string,
  ): Promise<void> {
    const web = webOf(request);
    const own = await this.registrations.own(token);
    const registration = { ...own, session: inLanguage(own.session, web.locale) };
    const room = await this.rooms.profile(registration.session.roomId);
    const query = request.query as Record<string, unknown>;
    return this.pages.render(request, reply, web, 'forum/registration', {
      titleText: registration.session.title,
      registration,
      session: registration.session,
      room,
      token,
      registered: query.registered === '1',
      cancelled: query.cancelled === '1',
      canCancel:
        registration.status !== 'cancelled' &&
        registration.session.status !== 'cancelled' &&
        new Date(registration.session.endsAt).getTime() > Date.now(),
    });
  }

  /** A button without a form: a refusal is the error page. */
  @Post('registrations/:token/cancellation')
  async cancel(@Res() reply: FastifyReply, @Param('token') token: string): Promise<void> {
    await this.registrations.cancelOwn(token);
    return this.pages.redirect(reply, `/forum/registrations/${token}?cancelled=1`);
  }

  private async showSession(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: FormState,
  ): Promise<void> {
    const web = webOf(request);
    const session = inLanguage(await this.sessions.get(web.user, id), web.locale);
    const room = await this.rooms.profile(session.roomId);
    const mine = web.user
      ? (await this.organizations.list(web.user, { mine: true, limit: 100, offset: 0 })).items
      : [];
    return this.pages.render(request, reply, web, 'forum/session', {
      titleText: session.title,
      session,
      room,
      topic: this.topics.label(web.locale, session.topic),
      organizations: mine,
      registrationLocales: REGISTRATION_LOCALES,
      // The forum's own rule, as the registration applies it.
      open: session.registrationOpen,
      placesLeft: Math.max(0, session.capacity - session.placesTaken),
      form,
    });
  }
}
