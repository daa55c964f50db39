import { Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { DomainError } from '../../common/errors/domain-error';
import { UuidParam } from '../../common/validation/uuid-param';
import { REGISTRATION_LOCALES } from '../../forum/forum.contract';
import { ForumAttendanceService } from '../../forum/forum-attendance.service';
import { ForumRegistrationsService } from '../../forum/forum-registrations.service';
import { ForumSeriesService } from '../../forum/forum-series.service';
import { ForumSessionsService } from '../../forum/forum-sessions.service';
import { ON_DATE } from '../bookings/bookings.page';
import { refusalOnForm } from '../manage/form-errors';
import { emptyForm, FormState, postedFields } from '../shell/form';
import { submitForm } from '../shell/form-submit';
import { LoginRequired, PageController } from '../shell/page.decorator';
import { CITY_ZONE } from '../shell/format';
import { PagesService } from '../shell/pages.service';
import { staffOf } from '../staff/staff.page';
import {
  CancelSessionForm,
  DoorRegistrationForm,
  MoveSessionForm,
  SERIES_ORDINALS,
  SeriesForm,
  SessionForm,
  WEEKDAYS,
} from './forum-staff.form';
import { ForumChoices, LISTED } from './forum-choices.service';
import {
  firstOccurrence,
  offsetOf,
  placeElsewhere,
  seriesRule,
  sessionContent,
  sessionValues,
} from './forum-staff.values';

/** How many larger rooms a session's page offers. */
const LARGER_ROOMS = 10;

/** No larger rooms for a session that is over or cancelled: the forum says so, not the page. */
function notOpen(error: unknown): null {
  if (error instanceof DomainError && ['SESSION_OVER', 'SESSION_CANCELLED'].includes(error.code)) {
    return null;
  }
  throw error;
}

/** How far back the staff's list reaches: attendance is recorded after a session. */
const LISTED_DAYS_BACK = 60;

/** The session page's form to register someone by phone, as first shown. */
const REGISTRATION_BY_PHONE = { places: '1', locale: 'de' };

type Session = Awaited<ReturnType<ForumSessionsService['get']>>;

/** A service's refusal of a session's content or dates, and the field it belongs to. */
const ON_SESSION = {
  ...ON_DATE,
  SESSION_OVER: 'date',
  CAPACITY_ABOVE_ROOM: 'capacity',
  CAPACITY_BELOW_TAKEN: 'capacity',
  UNKNOWN_TOPIC: 'topic',
  UNKNOWN_SERIES: 'seriesId',
  ROOM_NOT_FOUND: 'roomId',
  ROOM_INACTIVE: 'roomId',
};
/** The API's field names where the form's differ. */
const SESSION_FIELDS = { startsAt: 'from', endsAt: 'to' };
const SERIES_FIELDS = {
  startsAt: 'from',
  endsAt: 'to',
  'recurrence.rrule': 'weekday',
  'recurrence.until': 'lastMonth',
};

/**
 * The agency staff's forum: plan a session or a series, publish and cancel, a session's
 * registrations and waitlist with registration by phone or at the door, and attendance
 * afterwards. Every rule is the forum services'; the pages show their answers.
 */
@PageController('staff/forum')
@LoginRequired()
export class ForumStaffPage {
  constructor(
    private readonly pages: PagesService,
    private readonly sessions: ForumSessionsService,
    private readonly series: ForumSeriesService,
    private readonly registrations: ForumRegistrationsService,
    private readonly attendance: ForumAttendanceService,
    private readonly catalogue: ForumChoices,
  ) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = staffOf(request);
    const found = await this.sessions.list(web.user, {
      from: DateTime.now().minus({ days: LISTED_DAYS_BACK }).toISO(),
      limit: LISTED,
      offset: offsetOf(request.query, LISTED),
    });
    return this.pages.render(request, reply, web, 'forum/staff/list', {
      pager: { path: '/staff/forum', ...found, items: undefined },
      title: 'web.forumStaff.title',
      sessions: found.items,
      total: found.total,
      rooms: await this.catalogue.rooms.profiles(found.items.map((s) => s.roomId)),
    });
  }

  @Get('sessions/new')
  async newSession(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    staffOf(request);
    // A date of a series that did not get its room comes with its date, times and series.
    const query = request.query as Record<string, unknown>;
    const taken = Object.fromEntries(
      ['date', 'from', 'to', 'seriesId'].flatMap((key) =>
        typeof query[key] === 'string' ? [[key, query[key]]] : [],
      ),
    );
    const form = emptyForm({ kind: 'forum', audience: 'public', languages: 'de', ...taken });
    return this.showSessionForm(request, reply, form, null);
  }

  @Post('sessions/new')
  plan(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = staffOf(request);
    return submitForm(this.pages, request, reply, {
      form: SessionForm,
      show: (state) => this.showSessionForm(request, reply, state, null),
      act: async (form) => {
        const { timeZone } = await this.catalogue.rooms.profile(form.roomId);
        return this.sessions.create(web.user, {
          ...sessionContent(form, timeZone),
          seriesId: form.seriesId,
          status: 'draft',
        });
      },
      refusals: ON_SESSION,
      fields: SESSION_FIELDS,
      redirect: (session) => `/staff/forum/sessions/${session.id}?planned=1`,
    });
  }

  @Get('sessions/:id/edit')
  async edit(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    const web = staffOf(request);
    const session = await this.sessions.get(web.user, id);
    return this.showSessionForm(request, reply, emptyForm(sessionValues(session)), session);
  }

  @Post('sessions/:id/edit')
  async change(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    const web = staffOf(request);
    const session = await this.sessions.get(web.user, id);
    return submitForm(this.pages, request, reply, {
      form: SessionForm,
      show: (state) => this.showSessionForm(request, reply, state, session),
      act: async (form) => {
        const { timeZone } = await this.catalogue.rooms.profile(form.roomId);
        const content = sessionContent(form, timeZone);
        await this.sessions.update(web.user, id, {
          ...content,
          // An emptied field is a change too (left out, the service would keep the old one).
          description: form.description ?? '',
          accessibilityNotes: form.accessibilityNotes ?? '',
          maxPlacesPerOrganization: content.maxPlacesPerOrganization ?? null,
          registrationOpensAt: content.registrationOpensAt || null,
          registrationClosesAt: content.registrationClosesAt || null,
        });
      },
      refusals: ON_SESSION,
      fields: SESSION_FIELDS,
      redirect: `/staff/forum/sessions/${id}?changed=1`,
    });
  }

  /** A button without a form: nothing to show again, a refusal is the error page. */
  @Post('sessions/:id/publish')
  async publish(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    const web = staffOf(request);
    await this.sessions.update(web.user, id, { status: 'published' });
    return this.pages.redirect(reply, `/staff/forum/sessions/${id}?published=1`);
  }

  /**
   * Into a larger free room in one step, its places offered (the waitlist moves up). Every
   * problem, the form's too, is one message beside the rooms.
   */
  @Post('sessions/:id/move')
  move(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    const web = staffOf(request);
    return submitForm(this.pages, request, reply, {
      form: MoveSessionForm,
      show: (state) => this.showSession(request, reply, id, besideTheRooms(state)),
      act: (form) => this.sessions.move(web.user, id, form),
      refusals: 'larger',
      redirect: `/staff/forum/sessions/${id}?moved=1`,
    });
  }

  /** The confirmation step before a session is cancelled: what it means, and a reason. */
  @Get('sessions/:id/cancel')
  async confirmCancel(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    return this.showCancel(request, reply, id, emptyForm());
  }

  @Post('sessions/:id/cancel')
  cancel(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    const web = staffOf(request);
    return submitForm(this.pages, request, reply, {
      form: CancelSessionForm,
      show: (state) => this.showCancel(request, reply, id, state),
      act: (form) => this.sessions.cancel(web.user, id, form.reason),
      refusals: { SESSION_OVER: 'reason', SESSION_CANCELLED: 'reason' },
      redirect: `/staff/forum/sessions/${id}?cancelled=1`,
    });
  }

  @Get('sessions/:id')
  async session(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    return this.showSession(request, reply, id, emptyForm(REGISTRATION_BY_PHONE));
  }

  /** Staff register someone by phone or at the door: the e-mail may be left out. */
  @Post('sessions/:id/registrations')
  register(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    const web = staffOf(request);
    return submitForm(this.pages, request, reply, {
      form: DoorRegistrationForm,
      show: (state) => this.showSession(request, reply, id, state),
      act: (form) => this.registrations.register(web.user, id, form),
      refusals: {
        ALREADY_REGISTERED: 'email',
        SESSION_STARTED: 'places',
        SESSION_CANCELLED: 'places',
      },
      redirect: ({ status }) => `/staff/forum/sessions/${id}?registered=${status}`,
    });
  }

  /**
   * Someone phoned in to cancel: the forum's own cancellation, its mail and queue rule. A
   * button without a form class, whose refusal is shown on the session's list.
   */
  @Post('sessions/:id/registrations/:registrationId/cancel')
  async cancelRegistration(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('registrationId') registrationId: string,
  ): Promise<void> {
    const web = staffOf(request);
    try {
      await this.registrations.cancelByStaff(web.user, registrationId, id);
    } catch (error) {
      const state = refusalOnForm(error, emptyForm(REGISTRATION_BY_PHONE), {
        REGISTRATION_ALREADY_CANCELLED: 'registrations',
        SESSION_OVER: 'registrations',
      });
      return this.showSession(request, reply, id, state);
    }
    return this.pages.redirect(reply, `/staff/forum/sessions/${id}?registrationCancelled=1`);
  }

  @Get('sessions/:id/attendance')
  async attendanceForm(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    return this.showAttendance(request, reply, id, null);
  }

  /**
   * Attended or no-show for every registration chosen, in one go. Not through submitForm:
   * the fields are one per registration, read here rather than by a form class.
   */
  @Post('sessions/:id/attendance')
  async recordAttendance(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    staffOf(request);
    const posted = postedFields(request);
    const entries = Object.entries(posted)
      .flatMap(([name, value]) => {
        const match = /^attended-([0-9a-f-]{36})$/.exec(name);
        return match && (value === 'yes' || value === 'no')
          ? [{ registrationId: match[1], attended: value === 'yes' }]
          : [];
      })
      .slice(0, LISTED);
    try {
      await this.attendance.record(id, entries);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const state: FormState = {
        values: posted,
        errors: [
          {
            field: 'attendance',
            messageKey:
              error.code === 'VALIDATION_FAILED'
                ? 'web.forumStaff.attendanceUnknown'
                : `problems.${error.code}.detail`,
            params: error.params,
          },
        ],
      };
      return this.showAttendance(request, reply, id, state);
    }
    return this.pages.redirect(reply, `/staff/forum/sessions/${id}/attendance?recorded=1`);
  }

  @Get('series/new')
  async newSeries(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    staffOf(request);
    const form = emptyForm({
      kind: 'forum',
      audience: 'public',
      languages: 'de',
      weekday: 'WE',
      ordinal: '1',
    });
    return this.showSeriesForm(request, reply, form, { conflicts: [], zone: CITY_ZONE });
  }

  /**
   * Plans the series and sends the browser to what became of each date (POST → 303 → GET):
   * the service keeps the dates that did not get the room, so a reload plans nothing again.
   * Every date refused is shown on the form instead, with the reasons, as nothing was planned.
   */
  @Post('series/new')
  async planSeries(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = staffOf(request);
    let refused: { conflicts: unknown[]; zone: string } = { conflicts: [], zone: CITY_ZONE };
    return submitForm(this.pages, request, reply, {
      form: SeriesForm,
      show: (state) => this.showSeriesForm(request, reply, state, refused),
      act: async (form) => {
        const zone = (await this.catalogue.rooms.profile(form.roomId)).timeZone;
        refused = { conflicts: [], zone };
        const first = firstOccurrence(form.firstMonth, form.weekday, form.ordinal, zone);
        try {
          return await this.series.create(
            web.user,
            {
              ...sessionContent({ ...form, date: first.toISODate()! }, zone),
              status: 'draft',
              recurrence: seriesRule(form),
            },
            web.locale,
          );
        } catch (error) {
          if (error instanceof DomainError && Array.isArray(error.extensions.conflicts)) {
            refused = { conflicts: error.extensions.conflicts, zone };
          }
          throw error;
        }
      },
      refusals: { ...ON_SESSION, SERIES_WITHOUT_ROOM: 'weekday' },
      fields: SERIES_FIELDS,
      redirect: ({ seriesId }) => `/staff/forum/series/${seriesId}?planned=1`,
    });
  }

  /** A series' sessions and each date still without a room, with the reason and a way on. */
  @Get('series/:id')
  async seriesOutcome(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
  ): Promise<void> {
    const web = staffOf(request);
    const result = await this.series.outcome(web.user, id, web.locale);
    const zone = result.created[0]?.timeZone ?? CITY_ZONE;
    return this.pages.render(request, reply, web, 'forum/staff/series-result', {
      title: 'web.forumStaff.seriesResultTitle',
      result,
      zone,
      planned: (request.query as Record<string, unknown>).planned === '1',
      // Each date without its room can be planned in another one, joining the series.
      conflicts: result.conflicts.map((conflict) => ({
        ...conflict,
        placeUrl: placeElsewhere(result.seriesId, conflict, zone),
      })),
    });
  }

  private async showSessionForm(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    session: Session | null,
  ): Promise<void> {
    const web = staffOf(request);
    return this.pages.render(request, reply, web, 'forum/staff/session-form', {
      title: session ? 'web.forumStaff.editTitle' : 'web.forumStaff.newTitle',
      session,
      ...(await this.catalogue.choices(web.user, web.locale)),
      form,
    });
  }

  private async showSeriesForm(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    refused: { conflicts: unknown[]; zone: string },
  ): Promise<void> {
    const web = staffOf(request);
    return this.pages.render(request, reply, web, 'forum/staff/series-form', {
      title: 'web.forumStaff.seriesTitle',
      ...(await this.catalogue.choices(web.user, web.locale)),
      weekdays: WEEKDAYS,
      ordinals: SERIES_ORDINALS,
      ...refused,
      form,
    });
  }

  private async showCancel(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: FormState,
  ): Promise<void> {
    const web = staffOf(request);
    const session = await this.sessions.get(web.user, id);
    return this.pages.render(request, reply, web, 'forum/staff/cancel', {
      title: 'web.forumStaff.cancelTitle',
      session,
      form,
    });
  }

  private async showSession(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: FormState,
  ): Promise<void> {
    const web = staffOf(request);
    const session = await this.sessions.get(web.user, id);
    const [room, found, organizations] = await Promise.all([
      this.catalogue.rooms.profile(session.roomId),
      this.registrations.list(web.user, id, {
        limit: LISTED,
        offset: offsetOf(request.query, LISTED),
      }),
      this.catalogue.organizations.list(web.user, { limit: LISTED, offset: 0 }),
    ]);
    const names = await this.catalogue.organizations.namesOf(
      found.items.flatMap((r) => r.organizationId ?? []),
    );
    // When people wait: the larger rooms free at its time, as the forum finds them.
    const larger = session.waitlistLength
      ? await this.sessions.largerRooms(id, { limit: LARGER_ROOMS, offset: 0 }).catch(notOpen)
      : null;
    const query = request.query as Record<string, unknown>;
    return this.pages.render(request, reply, web, 'forum/staff/session', {
      titleText: session.title,
      session,
      room,
      topic: this.catalogue.topics.label(web.locale, session.topic),
      registrations: found.items,
      total: found.total,
      pager: { path: `/staff/forum/sessions/${id}`, ...found, items: undefined },
      organizationNames: names,
      larger,
      organizations: organizations.items,
      registrationLocales: REGISTRATION_LOCALES,
      notice: [
        'planned',
        'changed',
        'published',
        'cancelled',
        'moved',
        'registrationCancelled',
      ].find((key) => query[key] === '1'),
      registered: ['confirmed', 'waitlisted'].find((status) => query.registered === status),
      // Registrations may be cancelled until the session ends, as by their own link.
      cancellable:
        session.status !== 'cancelled' && new Date(session.endsAt).getTime() > Date.now(),
      form,
    });
  }

  private async showAttendance(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: FormState | null,
  ): Promise<void> {
    const web = staffOf(request);
    const session = await this.sessions.get(web.user, id);
    const found = await this.registrations.list(web.user, id, {
      status: 'confirmed',
      limit: LISTED,
      offset: offsetOf(request.query, LISTED),
    });
    const recorded = Object.fromEntries(
      found.items.flatMap((r) =>
        r.attended === null ? [] : [[`attended-${r.id}`, r.attended ? 'yes' : 'no']],
      ),
    );
    return this.pages.render(request, reply, web, 'forum/staff/attendance', {
      title: 'web.forumStaff.attendanceTitle',
      session,
      registrations: found.items,
      total: found.total,
      pager: { path: `/staff/forum/sessions/${id}/attendance`, ...found, items: undefined },
      recorded: (request.query as Record<string, unknown>).recorded === '1',
      form: form ?? emptyForm(recorded),
    });
  }
}

/**
 * The move's problems as one message beside the larger rooms (the page's only form for it is
 * a button per room): the service's refusals as they are worded, any field's problem as the
 * general one; the page's other form (registration by phone) as it is when first shown.
 */
function besideTheRooms(state: FormState): FormState {
  const larger = state.errors.filter((error) => error.field === 'larger');
  const otherwise = state.errors.length > larger.length;
  return {
    values: REGISTRATION_BY_PHONE,
    errors: otherwise
      ? [...larger, { field: 'larger', messageKey: 'validation.default', params: {} }]
      : larger,
  };
}
