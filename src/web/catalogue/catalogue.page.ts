import { Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { UuidParam } from '../../common/validation/uuid-param';
import { RoomSearchService } from '../../rooms/room-search.service';
import { FormState, queryFields, readForm } from '../shell/form';
import { CITY_ZONE } from '../shell/format';
import { PageController } from '../shell/page.decorator';
import { PagesService } from '../shell/pages.service';
import { webOf } from '../shell/web-request';
import { CatalogueFilterForm } from './catalogue-forms';
import { RoomPages } from './room-pages.service';

const PAGE_SIZE = 20;

type RoomQuery = Parameters<RoomSearchService['search']>[1];

/** Open to everyone: the room catalogue and a room's page with its week. */
@PageController('rooms')
export class CataloguePage {
  constructor(
    private readonly pages: PagesService,
    private readonly search: RoomSearchService,
    private readonly roomPages: RoomPages,
  ) {}

  @Get()
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    const web = webOf(request);
    const values = queryFields(query);
    const read = readForm(CatalogueFilterForm, values);
    const features = this.search.features(web.locale);
    const model = { title: 'web.catalogue.title', features, results: null as unknown };
    const show = async (form: FormState, content?: string) =>
      this.pages.render(request, reply, web, 'page', {
        title: model.title,
        form,
        content:
          content ?? (await this.pages.fragment('rooms/catalogue', web.locale, { ...model, form })),
      });
    if (!read.ok) return show(read.state);
    const form = read.form;
    if (!!form.freeFrom !== !!form.freeTo || (form.freeFrom && form.freeFrom >= form.freeTo!)) {
      return show({
        values,
        errors: [{ field: 'freeTo', messageKey: 'validation.endsAfterStart', params: {} }],
      });
    }
    const chosen = [query.features ?? []].flat().filter((f): f is string => typeof f === 'string');
    const known = new Set(features.map((f) => f.key as string));
    const search: Record<string, unknown> = {
      limit: PAGE_SIZE,
      offset: form.offset ?? 0,
      q: form.q,
      capacityMin: form.capacityMin,
      district: form.district,
      stepFree: form.stepFree ? true : undefined,
      features: chosen.filter((f) => known.has(f)).slice(0, 20),
      freeFrom: form.freeFrom
        ? DateTime.fromISO(form.freeFrom, { zone: CITY_ZONE }).toISO()!
        : undefined,
      freeTo: form.freeTo ? DateTime.fromISO(form.freeTo, { zone: CITY_ZONE }).toISO()! : undefined,
    };
    if (!(search.features as string[]).length) delete search.features;
    const results = await this.search.searchRemembered(web.user, search as unknown as RoomQuery);
    const state: FormState = { values: { ...values, features: chosen }, errors: [] };
    // The part depends on the results (kept as they are while current), the language and
    // what the form shows, from which the links are made too.
    const key = `rooms/catalogue|${web.locale}|${JSON.stringify(state.values)}`;
    const content = await this.pages.part(results, key, () => {
      const params = new URLSearchParams(values as Record<string, string>);
      chosen.forEach((f) => params.append('features', f));
      params.delete('offset');
      return this.pages.fragment('rooms/catalogue', web.locale, {
        ...model,
        form: state,
        results,
        pageQuery: params.toString(),
        // Looking for a free time, one wants to see that time's week on the room's page.
        roomQuery: form.freeFrom ? `?week=${form.freeFrom.slice(0, 10)}#week` : '',
      });
    });
    return show(state, content);
  }

  @Get(':id')
  async room(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @Query('week') week?: string,
  ): Promise<void> {
    const web = webOf(request);
    const asked = typeof week === 'string' ? week : undefined;
    const { title, html } = await this.roomPages.content(web.user, id, asked, web.locale);
    return this.pages.render(request, reply, web, 'rooms/room', {
      titleText: title,
      content: html,
    });
  }
}
