import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { FieldError } from '../../common/errors/domain-error';
import { RoomScheduleService } from '../../rooms/room-schedule.service';
import { filled, refusalOnForm, single } from '../manage/form-errors';
import { emptyForm, FormState, FormValues, postedFields, readForm } from '../shell/form';
import { submitForm } from '../shell/form-submit';
import { LoginRequired, PageController } from '../shell/page.decorator';
import { PagesService } from '../shell/pages.service';
import { webOf } from '../shell/web-request';
import { ClosureForm, formFieldOf, HOURS_PERIODS, OpeningHoursForm } from './owner-forms';
import { OwnerViews } from './owner-views.service';

const uuid = new ParseUUIDPipe({ version: '4' });
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const WALL_CLOCK = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;
type Query = Record<string, string | undefined>;
type Interval = { weekday: number; opens: string; closes: string };

/** The form's name of one period of one weekday: `opens-1-0` is Monday's first opening. */
const slot = (edge: 'opens' | 'closes', weekday: number, period: number) =>
  `${edge}-${weekday}-${period}`;

/**
 * A room's weekly opening hours (a new week from a date on, the weeks before kept for the
 * dates they held) and its closures, on the schedule service the API's routes use.
 */
@PageController('owner/rooms')
@LoginRequired()
export class RoomSchedulePage {
  constructor(
    private readonly pages: PagesService,
    private readonly schedule: RoomScheduleService,
    private readonly views: OwnerViews,
  ) {}

  @Get(':id/hours')
  async hours(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', uuid) id: string,
  ): Promise<void> {
    const room = await this.views.manageableRoom(webOf(request).user!, id);
    const values: FormValues = {};
    const periods = new Map<number, number>();
    for (const interval of room.openingHours) {
      const period = periods.get(interval.weekday) ?? 0;
      if (period >= HOURS_PERIODS) continue;
      periods.set(interval.weekday, period + 1);
      values[slot('opens', interval.weekday, period)] = interval.opens;
      values[slot('closes', interval.weekday, period)] = interval.closes;
    }
    return this.showHours(request, reply, id, emptyForm(values));
  }

  /** Not through submitForm: the week's intervals are read and checked beside the form class. */
  @Post(':id/hours')
  async setHours(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', uuid) id: string,
  ): Promise<void> {
    const web = webOf(request);
    await this.views.manageableRoom(web.user!, id);
    const read = readForm(OpeningHoursForm, filled(postedFields(request)));
    const { intervals, names, errors } = weekOf(read.state.values);
    const state = { values: read.state.values, errors: [...read.state.errors, ...errors] };
    if (!read.ok || errors.length) return this.showHours(request, reply, id, state);
    try {
      await this.schedule.replaceOpeningHours(web.user!, id, intervals, read.form.validFrom);
    } catch (error) {
      const refused = refusalOnForm(error, read.state, {});
      // `[2].closes` names the third interval sent: the field it came from.
      const named = refused.errors.map((e) => {
        const index = /^\[(\d+)\]\.(opens|closes)$/.exec(e.field);
        return index ? { ...e, field: names[Number(index[1])][index[2] as 'opens' | 'closes'] } : e;
      });
      return this.showHours(request, reply, id, { values: refused.values, errors: named });
    }
    return this.pages.redirect(reply, `/owner/rooms/${id}/hours?saved=1`);
  }

  @Get(':id/closures')
  closures(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', uuid) id: string,
  ): Promise<void> {
    return this.showClosures(
      request,
      reply,
      id,
      emptyForm({ startTime: '00:00', endTime: '24:00' }),
    );
  }

  @Post(':id/closures')
  async addClosure(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', uuid) id: string,
  ): Promise<void> {
    const web = webOf(request);
    const room = await this.views.manageableRoom(web.user!, id);
    const at = (date: string, time: string) =>
      time === '24:00'
        ? DateTime.fromISO(date, { zone: room.timeZone }).plus({ days: 1 })
        : DateTime.fromISO(`${date}T${time}`, { zone: room.timeZone });
    return submitForm(this.pages, request, reply, {
      form: ClosureForm,
      show: (state) => this.showClosures(request, reply, id, state),
      act: (form) =>
        this.schedule.addClosure(web.user!, id, {
          startsAt: at(form.startDate, form.startTime).toISO()!,
          endsAt: at(form.endDate, form.endTime).toISO()!,
          reason: form.reason,
        }),
      refusals: {},
      fields: (field) =>
        ({ startsAt: 'startDate', endsAt: 'endDate' })[formFieldOf(field)] ?? field,
      redirect: `/owner/rooms/${id}/closures?saved=1`,
    });
  }

  /** A button without a form: nothing to show again, a refusal is the error page. */
  @Post(':id/closures/:closureId/delete')
  async removeClosure(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', uuid) id: string,
    @Param('closureId', uuid) closureId: string,
  ): Promise<void> {
    await this.schedule.removeClosure(webOf(request).user!, id, closureId);
    return this.pages.redirect(reply, `/owner/rooms/${id}/closures?removed=1`);
  }

  private async showHours(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: FormState,
  ): Promise<void> {
    const web = webOf(request);
    const room = await this.views.manageableRoom(web.user!, id);
    const weeks = await this.schedule.openingWeeks(web.user, id);
    return this.pages.render(request, reply, web, 'owner/hours', {
      title: 'web.owner.hoursTitle',
      titleParams: { name: room.name },
      room,
      weeks,
      weekdays: WEEKDAYS,
      periods: [...Array(HOURS_PERIODS).keys()],
      today: DateTime.now().setZone(room.timeZone).toISODate(),
      form,
      saved: (request.query as Query).saved === '1',
    });
  }

  private async showClosures(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: FormState,
  ): Promise<void> {
    const web = webOf(request);
    const room = await this.views.manageableRoom(web.user!, id);
    const closures = await this.schedule.listClosures(web.user, id, {
      from: new Date().toISOString(),
      limit: 100,
      offset: 0,
    });
    const query = request.query as Query;
    return this.pages.render(request, reply, web, 'owner/closures', {
      title: 'web.owner.closuresTitle',
      titleParams: { name: room.name },
      room,
      closures: closures.items.map((c) => ({
        ...c,
        start: new Date(c.startsAt),
        end: new Date(c.endsAt),
      })),
      form,
      saved: query.saved === '1',
      removed: query.removed === '1',
    });
  }
}

/**
 * The week as typed: each period with both times is an interval; one time alone, or a time
 * that is none, is a problem on its field.
 */
function weekOf(values: FormValues): {
  intervals: Interval[];
  names: { opens: string; closes: string }[];
  errors: FieldError[];
} {
  const intervals: Interval[] = [];
  const names: { opens: string; closes: string }[] = [];
  const errors: FieldError[] = [];
  const problem = (field: string, messageKey: string) =>
    errors.push({ field, messageKey, params: {} });
  for (const weekday of WEEKDAYS) {
    for (let period = 0; period < HOURS_PERIODS; period++) {
      const name = {
        opens: slot('opens', weekday, period),
        closes: slot('closes', weekday, period),
      };
      const opens = single(values[name.opens]).trim();
      const closes = single(values[name.closes]).trim();
      if (!opens && !closes) continue;
      let ok = true;
      for (const edge of ['opens', 'closes'] as const) {
        const time = edge === 'opens' ? opens : closes;
        if (!time) {
          problem(name[edge], 'validation.isDefined');
          ok = false;
        } else if (!WALL_CLOCK.test(time)) {
          problem(name[edge], 'validation.isWallClockTime');
          ok = false;
        }
      }
      if (ok) {
        intervals.push({ weekday, opens, closes });
        names.push(name);
      }
    }
  }
  return { intervals, names, errors };
}
