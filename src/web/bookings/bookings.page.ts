import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { BookingDecisionsService } from '../../bookings/booking-decisions.service';
import { BookingQueriesService } from '../../bookings/booking-queries.service';
import { BookingRequestsService } from '../../bookings/booking-requests.service';
import { DomainError } from '../../common/errors/domain-error';
import { RoomProfile } from '../../rooms/rooms.contract';
import { RoomsService } from '../../rooms/rooms.service';
import { emptyForm, FormState, postedFields, readForm, withError } from '../shell/form';
import { LoginRequired, PageController } from '../shell/page.decorator';
import { PagesService } from '../shell/pages.service';
import { webOf } from '../shell/web-request';
import { submitForm } from '../shell/form-submit';
import { filled, refusalOnForm, single } from '../manage/form-errors';
import { BookingForm, DecisionForm } from './booking.form';
import { BookingViews } from './booking-views.service';

const uuid = new ParseUUIDPipe({ version: '4' });
type Query = Record<string, string | undefined>;
type CreateInput = Parameters<BookingRequestsService['create']>[1];

/** Refusals of a request that belong to its date and times, shown on the form. */
export const ON_DATE = Object.fromEntries(
  [
    'ROOM_INACTIVE',
    'ORGANIZATION_NOT_VERIFIED',
    'DURATION_TOO_SHORT',
    'DURATION_TOO_LONG',
    'NOTICE_TOO_SHORT',
    'TOO_FAR_AHEAD',
    'OUTSIDE_OPENING_HOURS',
    'IN_CLOSURE',
    'MONTHLY_HOURS_EXCEEDED',
    'SLOT_TAKEN',
    'WITHIN_BUFFER',
    'BOOKING_IN_PAST',
    'INVALID_INTERVAL',
  ].map((code) => [code, 'date']),
);
/**
 * Rows per page of a booking list. A hundred made a page of 42 KiB of HTML to read on a
 * phone, and most of its time went to them; the pager's links (no JavaScript) lead on.
 */
const LISTED = 25;
/** "My bookings" shows a booking until a day after its end. */
const SHOWN_AFTER_END_MS = 24 * 3600_000;

const ON_REASON = { INVALID_TRANSITION: 'reason', BOOKING_IN_PAST: 'reason' };

/**
 * Requesting a room (once or weekly, a series' conflicts shown per date before anything is
 * sent), my organisations' bookings, the requests for my rooms, and one booking with what
 * its requester and its room's owners may do with it.
 */
@PageController()
@LoginRequired()
export class BookingsPage {
  constructor(
    private readonly pages: PagesService,
    private readonly requests: BookingRequestsService,
    private readonly decisions: BookingDecisionsService,
    private readonly queries: BookingQueriesService,
    private readonly rooms: RoomsService,
    private readonly views: BookingViews,
  ) {}

  @Get('bookings/new')
  async newRequest(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = request.query as Query;
    const roomId = uuidOrUndefined(query.roomId);
    if (!roomId) return this.pages.redirect(reply, '/rooms');
    const room = await this.rooms.visibleProfileRemembered(webOf(request).user, roomId);
    const start = instant(query.startsAt, room.timeZone);
    const end = instant(query.endsAt, room.timeZone);
    return this.showRequest(
      request,
      reply,
      emptyForm({
        roomId,
        date: start?.toISODate() ?? '',
        from: start?.toFormat('HH:mm') ?? '',
        to: end?.toFormat('HH:mm') ?? '',
        repeat: 'once',
      }),
      { room },
    );
  }

  /**
   * Not through submitForm: a weekly request whose dates conflict is a preview (409) with the
   * dates and the choice, not a refused field, and a form without its room goes to the rooms.
   */
  @Post('bookings/new')
  async sendRequest(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = webOf(request);
    const read = readForm(BookingForm, filled(postedFields(request)));
    if (!read.ok) {
      if (!uuidOrUndefined(single(read.state.values.roomId)))
        return this.pages.redirect(reply, '/rooms');
      return this.showRequest(request, reply, read.state);
    }
    const form = read.form;
    const room = await this.rooms.visibleProfile(web.user, form.roomId);
    const day = DateTime.fromISO(form.date, { zone: room.timeZone });
    const at = (time: string) =>
      time === '24:00'
        ? day.plus({ days: 1 })
        : DateTime.fromISO(`${form.date}T${time}`, { zone: room.timeZone });
    if (!day.isValid) {
      return this.showRequest(request, reply, withError(read.state, 'date', 'validation.matches'));
    }
    if (form.repeat === 'weekly' && !form.until) {
      return this.showRequest(
        request,
        reply,
        withError(read.state, 'until', 'web.bookings.untilNeeded'),
      );
    }
    const input: CreateInput = {
      roomId: form.roomId,
      organizationId: form.organizationId,
      startsAt: at(form.from).toISO()!,
      endsAt: at(form.to).toISO()!,
      title: form.title,
      purpose: form.purpose,
      attendees: form.attendees,
      recurrence:
        form.repeat === 'weekly' ? { rrule: 'FREQ=WEEKLY', until: form.until } : undefined,
      partial: form.repeat === 'weekly' && form.partial === '1',
    };
    let created: Awaited<ReturnType<BookingRequestsService['create']>>;
    try {
      created = await this.requests.create(web.user!, input);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'SERIES_CONFLICTS') {
        // The preview: nothing was sent; the dates that cannot be had, and the choice.
        return this.showRequest(request, reply, read.state, {
          conflicts: error.extensions.conflicts ?? [],
        });
      }
      return this.showRequest(
        request,
        reply,
        refusalOnForm(error, read.state, {
          ...ON_DATE,
          NOT_MEMBER_OF_ORGANIZATION: 'organizationId',
          RRULE_END_MISSING: 'until',
        }),
      );
    }
    const first = 'seriesId' in created && 'created' in created ? created.created[0] : created;
    return this.pages.redirect(reply, `/bookings/${'id' in first ? first.id : ''}/view?sent=1`);
  }

  @Get('bookings/mine')
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = webOf(request);
    const query = request.query as Query;
    const organizationId = uuidOrUndefined(query.organizationId);
    const at = pageOf(query.page);
    const found = await this.queries.listRemembered(web.user!, {
      as: 'requester',
      organizationId,
      endedWithinMs: SHOWN_AFTER_END_MS,
      limit: LISTED,
      offset: (at - 1) * LISTED,
    });
    const content = await this.pages.part(
      found,
      `bookings/list|${web.locale}|${organizationId ?? ''}|${at}`,
      () =>
        this.pages.fragment('bookings/list', web.locale, {
          bookings: this.views.rows(found.items),
          total: found.total,
          pager: pager(at, found.total, organizationId ? { organizationId } : {}),
        }),
    );
    return this.pages.render(request, reply, web, 'page', {
      title: 'web.bookings.listTitle',
      content,
    });
  }

  @Get('bookings/requests')
  async incoming(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = webOf(request);
    const at = pageOf((request.query as Query).page);
    const found = await this.queries.listRemembered(web.user!, {
      as: 'owner',
      status: ['pending'],
      limit: LISTED,
      offset: (at - 1) * LISTED,
    });
    const content = await this.pages.part(found, `bookings/requests|${web.locale}|${at}`, () =>
      this.pages.fragment('bookings/requests', web.locale, {
        bookings: this.views.rows(found.items),
        total: found.total,
        pager: pager(at, found.total, {}),
      }),
    );
    return this.pages.render(request, reply, web, 'page', { title: 'web.requests.title', content });
  }

  @Get('bookings/:id/view')
  show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', uuid) id: string,
  ): Promise<void> {
    return this.showOne(request, reply, id, emptyForm({ scope: 'occurrence' }));
  }

  /** Approve or decline (the button pressed), with the reason for the organisation. */
  @Post('bookings/:id/decision')
  decide(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', uuid) id: string,
  ) {
    return this.act(request, reply, id, (actor, form) =>
      form.decision === 'decline'
        ? this.decisions.decline(actor, id, form.reason)
        : this.decisions.approve(actor, id, form.reason),
    );
  }

  @Post('bookings/:id/cancellation')
  cancel(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', uuid) id: string,
  ) {
    return this.act(request, reply, id, (actor, form) =>
      this.decisions.cancel(actor, id, form.reason, form.scope),
    );
  }

  private act(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    action: (
      actor: NonNullable<ReturnType<typeof webOf>['user']>,
      form: DecisionForm,
    ) => Promise<unknown>,
  ): Promise<void> {
    const web = webOf(request);
    return submitForm(this.pages, request, reply, {
      form: DecisionForm,
      show: (state) => this.showOne(request, reply, id, state),
      act: (form) => action(web.user!, form),
      refusals: ON_REASON,
      redirect: `/bookings/${id}/view?done=1`,
    });
  }

  private async showRequest(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    extra: { conflicts?: unknown[]; room?: RoomProfile } = {},
  ): Promise<void> {
    const web = webOf(request);
    const roomId = single(form.values.roomId);
    // The empty form has just read the room; a posted one reads it again.
    const room = extra.room ?? (await this.rooms.visibleProfile(web.user, roomId));
    const organizations = await this.views.myOrganizations(web.user!);
    if (!form.values.organizationId && organizations[0]) {
      form = { ...form, values: { ...form.values, organizationId: organizations[0].id } };
    }
    return this.pages.render(
      request,
      reply,
      web,
      'bookings/new',
      {
        title: 'web.bookings.newTitle',
        form,
        room,
        organizations,
        conflicts: extra.conflicts,
      },
      extra.conflicts ? 409 : undefined,
    );
  }

  private async showOne(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: FormState,
  ): Promise<void> {
    const web = webOf(request);
    const booking = await this.queries.get(web.user!, id);
    const view = await this.views.detail(web.user!, booking);
    const query = request.query as Query;
    return this.pages.render(request, reply, web, 'bookings/show', {
      title: 'web.bookings.showTitle',
      titleParams: { title: booking.title },
      ...view,
      form,
      sent: query.sent === '1',
      done: query.done === '1',
    });
  }
}

/** Page `page` (1-based) of a list; anything else is the first. */
function pageOf(value: string | undefined): number {
  const at = value && /^\d{1,5}$/.test(value) ? Number(value) : 1;
  return Math.max(1, at);
}

/** Links to the list's earlier and later pages, keeping its other parameters. */
function pager(at: number, total: number, keep: Record<string, string>) {
  const pages = Math.max(1, Math.ceil(total / LISTED));
  const link = (to: number) => `?${new URLSearchParams({ ...keep, page: String(to) }).toString()}`;
  return {
    page: at,
    pages,
    earlier: at > 1 ? link(Math.min(at - 1, pages)) : undefined,
    later: at < pages ? link(at + 1) : undefined,
  };
}

function uuidOrUndefined(value: string | undefined): string | undefined {
  return value && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
    ? value
    : undefined;
}

/** An instant from a link, in the room's zone; nothing when it is not one. */
function instant(value: string | undefined, zone: string): DateTime | undefined {
  if (!value || value.length > 40) return undefined;
  const parsed = DateTime.fromISO(value, { setZone: true });
  return parsed.isValid ? parsed.setZone(zone) : undefined;
}
