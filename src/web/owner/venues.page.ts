import { CITY_ZONE } from '../shell/format';
import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RoomSearchService } from '../../rooms/room-search.service';
import { RoomsService } from '../../rooms/rooms.service';
import { VenuesService } from '../../rooms/venues.service';
import { BookingViews } from '../bookings/booking-views.service';
import { emptyForm, FormState } from '../shell/form';
import { submitForm } from '../shell/form-submit';
import { LoginRequired, PageController } from '../shell/page.decorator';
import { PagesService } from '../shell/pages.service';
import { webOf } from '../shell/web-request';
import {
  formFieldOf,
  NewVenueForm,
  RoomForm,
  roomInput,
  roomValues,
  VenueForm,
} from './owner-forms';
import { OwnerViews } from './owner-views.service';

const uuid = new ParseUUIDPipe({ version: '4' });
type Query = Record<string, string | undefined>;

/** A new room's form: the API's defaults. */
const NEW_ROOM = {
  priceKind: 'free',
  timeZone: CITY_ZONE,
  active: 'on',
  approval: 'manual',
  minDurationMinutes: '30',
  maxDurationMinutes: '480',
  leadTimeHours: '24',
  horizonDays: '180',
  bufferMinutes: '0',
  requestExpiryHours: '72',
};

/**
 * The owners' side of the catalogue: my organisations' venues and rooms, creating and
 * changing them, on the rooms services the API's controllers use (same rules, same checks of
 * who may change what).
 */
@PageController('owner')
@LoginRequired()
export class VenuesPage {
  constructor(
    private readonly pages: PagesService,
    private readonly venues: VenuesService,
    private readonly rooms: RoomsService,
    private readonly search: RoomSearchService,
    private readonly views: OwnerViews,
    private readonly bookings: BookingViews,
  ) {}

  @Get('venues')
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = webOf(request);
    const organizations = await this.views.myVenues(web.user!);
    const content = await this.pages.part(organizations, `owner/venues|${web.locale}`, () =>
      this.pages.fragment('owner/venues', web.locale, { organizations }),
    );
    return this.pages.render(request, reply, web, 'page', {
      title: 'web.owner.venuesTitle',
      content,
    });
  }

  @Get('venues/new')
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = request.query as Query;
    return this.showVenue(
      request,
      reply,
      emptyForm({ organizationId: query.organizationId ?? '' }),
    );
  }

  @Post('venues/new')
  async created(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const web = webOf(request);
    return submitForm(this.pages, request, reply, {
      form: NewVenueForm,
      show: (state) => this.showVenue(request, reply, state),
      // An organisation the user is not in is refused as by the API (403), not on the form.
      act: ({ organizationId, street, postalCode, city, ...rest }) =>
        this.venues.create(web.user!, {
          ...rest,
          organizationId,
          address: { street, postalCode, city },
        }),
      redirect: (venue) => `/owner/venues/${venue.id}`,
    });
  }

  @Get('venues/:id')
  async venue(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', uuid) id: string,
  ): Promise<void> {
    const venue = await this.views.manageableVenue(webOf(request).user!, id);
    return this.showVenue(
      request,
      reply,
      emptyForm({
        name: venue.name,
        ...venue.address,
        district: venue.district,
        accessibilityNotes: venue.accessibilityNotes ?? '',
        description: venue.description ?? '',
      }),
      id,
    );
  }

  @Post('venues/:id')
  async changeVenue(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', uuid) id: string,
  ): Promise<void> {
    const web = webOf(request);
    await this.views.manageableVenue(web.user!, id);
    return submitForm(this.pages, request, reply, {
      form: VenueForm,
      show: (state) => this.showVenue(request, reply, state, id),
      act: ({ street, postalCode, city, ...rest }) =>
        this.venues.update(web.user!, id, {
          ...rest,
          accessibilityNotes: rest.accessibilityNotes ?? null,
          description: rest.description ?? null,
          address: { street, postalCode, city },
        }),
      redirect: `/owner/venues/${id}?saved=1`,
    });
  }

  @Get('venues/:id/rooms/new')
  async newRoom(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', uuid) id: string,
  ): Promise<void> {
    await this.views.manageableVenue(webOf(request).user!, id);
    return this.showRoom(request, reply, emptyForm(NEW_ROOM), { venueId: id });
  }

  @Post('venues/:id/rooms/new')
  async roomCreated(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', uuid) id: string,
  ): Promise<void> {
    const web = webOf(request);
    await this.views.manageableVenue(web.user!, id);
    return submitForm(this.pages, request, reply, {
      form: RoomForm,
      show: (state) => this.showRoom(request, reply, state, { venueId: id }),
      act: (form) => this.rooms.create(web.user!, { venueId: id, ...roomInput(form) }),
      refusals: {},
      fields: formFieldOf,
      redirect: (room) => `/owner/rooms/${room.id}?saved=1`,
    });
  }

  @Get('rooms/:id')
  async room(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', uuid) id: string,
  ): Promise<void> {
    const room = await this.views.manageableRoom(webOf(request).user!, id);
    return this.showRoom(request, reply, emptyForm(roomValues(room)), { roomId: id });
  }

  @Post('rooms/:id')
  async changeRoom(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', uuid) id: string,
  ): Promise<void> {
    const web = webOf(request);
    await this.views.manageableRoom(web.user!, id);
    return submitForm(this.pages, request, reply, {
      form: RoomForm,
      show: (state) => this.showRoom(request, reply, state, { roomId: id }),
      act: (form) => this.rooms.update(web.user!, id, roomInput(form)),
      refusals: {},
      fields: formFieldOf,
      redirect: `/owner/rooms/${id}?saved=1`,
    });
  }

  private async showVenue(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    venueId?: string,
  ): Promise<void> {
    const web = webOf(request);
    const organizations = venueId ? [] : await this.bookings.myOrganizations(web.user!);
    const rooms = venueId
      ? (await this.search.search(web.user, { venueId, limit: 100, offset: 0 })).items
      : [];
    return this.pages.render(request, reply, web, 'owner/venue', {
      title: venueId ? 'web.owner.venueTitle' : 'web.owner.newVenueTitle',
      titleParams: { name: String(form.values.name ?? '') },
      form,
      venueId,
      organizations,
      rooms,
      saved: (request.query as Query).saved === '1',
    });
  }

  private async showRoom(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    at: { venueId: string } | { roomId: string },
  ): Promise<void> {
    const web = webOf(request);
    const room = 'roomId' in at ? await this.rooms.get(web.user, at.roomId) : undefined;
    const venue = room ? room.venue : await this.venues.get((at as { venueId: string }).venueId);
    return this.pages.render(request, reply, web, 'owner/room', {
      title: room ? 'web.owner.roomTitle' : 'web.owner.newRoomTitle',
      titleParams: { name: room?.name ?? '' },
      form,
      room,
      venue,
      features: this.search.features(web.locale),
      saved: (request.query as Query).saved === '1',
    });
  }
}
