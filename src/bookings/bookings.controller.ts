import { Body, Controller, Get, Headers, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/auth/actor';
import { conflictsInWords } from '../common/errors/conflicts';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { ApiProblems } from '../common/openapi/api-problems';
import { PageDto, PageQueryDto } from '../common/pagination/page';
import { UuidParam } from '../common/validation/uuid-param';
import { BookingDecisionsService } from './booking-decisions.service';
import { BookingQueriesService } from './booking-queries.service';
import { BookingRequestsService } from './booking-requests.service';
import { CancelBookingDto, ReasonDto } from './dto/booking-actions.dto';
import { AuditChangeDto } from '../audit/audit.contract';
import { BookingQueryDto } from './dto/booking-query.dto';
import {
  BookingResponseDto,
  CancelledResponseDto,
  SeriesResultResponseDto,
} from './dto/booking.response.dto';
import { CreateBookingDto } from './dto/create-booking.dto';
import { UpdateBookingDto } from './dto/update-booking.dto';

@ApiTags('bookings')
@Controller('bookings')
export class BookingsController {
  constructor(
    private readonly requests: BookingRequestsService,
    private readonly decisions: BookingDecisionsService,
    private readonly queries: BookingQueriesService,
    private readonly catalogue: MessageCatalogue,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listBookings',
    summary: "Your organisations' bookings and the requests for your rooms",
  })
  @ApiProblems({ page: BookingResponseDto }, 400, 401)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: BookingQueryDto,
  ): Promise<PageDto<BookingResponseDto>> {
    return this.queries.list(actor, query);
  }

  @Post()
  @ApiOperation({
    operationId: 'createBooking',
    summary: 'Request a room, once or as a series (RRULE)',
    description:
      'A single request answers with the booking; a series (with `recurrence`) answers with ' +
      '{seriesId, created, conflicts}. Rooms with automatic approval confirm at once.',
  })
  @ApiExtraModels(BookingResponseDto, SeriesResultResponseDto)
  @ApiBody({ type: CreateBookingDto })
  @ApiCreatedResponse({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(BookingResponseDto) },
        { $ref: getSchemaPath(SeriesResultResponseDto) },
      ],
    },
  })
  @ApiHeader({ name: 'accept-language', required: false, example: 'de' })
  @ApiProblems({}, 400, 401, 403, 404, 409, 422)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateBookingDto,
    @Headers('accept-language') language?: string,
  ): Promise<BookingResponseDto | SeriesResultResponseDto> {
    const result = await this.requests.create(actor, body);
    if (!('conflicts' in result)) return result;
    const locale = this.catalogue.negotiate(language);
    return { ...result, conflicts: conflictsInWords(this.catalogue, locale, result.conflicts) };
  }

  @Get(':id/history')
  @ApiOperation({
    operationId: 'getBookingHistory',
    summary: "A booking's changes, oldest first (for whoever may see the booking)",
  })
  @ApiProblems({ page: AuditChangeDto }, 400, 401, 404)
  history(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Query() query: PageQueryDto,
  ): Promise<PageDto<AuditChangeDto>> {
    return this.queries.history(actor, id, query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getBooking', summary: 'One booking' })
  @ApiProblems({ ok: BookingResponseDto }, 400, 401, 404)
  get(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<BookingResponseDto> {
    return this.queries.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateBooking',
    summary: 'Change or move a booking (requesting organisation)',
    description:
      'A new time is checked like a new request; on a manually approved room it needs approval again.',
  })
  @ApiProblems({ ok: BookingResponseDto }, 400, 401, 403, 404, 409, 422)
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() body: UpdateBookingDto,
  ): Promise<BookingResponseDto> {
    return this.requests.update(actor, id, body);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'approveBooking',
    summary: 'Approve a pending request (room owners)',
  })
  @ApiProblems({ ok: BookingResponseDto }, 400, 401, 403, 404, 409)
  approve(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: ReasonDto) {
    return this.decisions.approve(actor, id, body.reason);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'declineBooking',
    summary: 'Decline a pending request (room owners)',
  })
  @ApiProblems({ ok: BookingResponseDto }, 400, 401, 403, 404, 409)
  decline(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: ReasonDto) {
    return this.decisions.decline(actor, id, body.reason);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'cancelBooking',
    summary:
      'Cancel (requesting organisation or room owners); for a series also the following or all',
  })
  @ApiProblems({ ok: CancelledResponseDto }, 400, 401, 403, 404, 409, 422)
  async cancel(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() body: CancelBookingDto,
  ): Promise<CancelledResponseDto> {
    return { cancelled: await this.decisions.cancel(actor, id, body.reason, body.scope) };
  }
}
