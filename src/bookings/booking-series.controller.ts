import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { UuidParam } from '../common/validation/uuid-param';
import { BookingDecisionsService } from './booking-decisions.service';
import { BookingQueriesService } from './booking-queries.service';
import { CancelSeriesDto } from './dto/booking-actions.dto';
import { CancelledResponseDto, SeriesResponseDto } from './dto/booking.response.dto';

@ApiTags('bookings')
@Controller('booking-series')
export class BookingSeriesController {
  constructor(
    private readonly queries: BookingQueriesService,
    private readonly decisions: BookingDecisionsService,
  ) {}

  @Get(':id')
  @ApiOperation({
    operationId: 'getBookingSeries',
    summary: 'A recurring booking and its occurrences',
  })
  @ApiProblems({ ok: SeriesResponseDto }, 400, 401, 404)
  get(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<SeriesResponseDto> {
    return this.queries.getSeries(actor, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'cancelBookingSeries',
    summary: 'Cancel the future occurrences of a series (from a given time on, if sent)',
  })
  @ApiProblems({ ok: CancelledResponseDto }, 400, 401, 403, 404)
  async cancel(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() body: CancelSeriesDto,
  ): Promise<CancelledResponseDto> {
    const from = body.from ? new Date(body.from) : undefined;
    return { cancelled: await this.decisions.cancelSeries(actor, id, body.reason, from) };
  }
}
