import { Body, Controller, Get, Headers, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, AdminOnly, CurrentActor } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { UuidParam } from '../common/validation/uuid-param';
import { CreateSeriesDto } from './dto/create-series.dto';
import { SeriesResultDto } from './dto/series.response.dto';
import { ForumSeriesService } from './forum-series.service';

@ApiTags('forum')
@Controller('forum/series')
export class ForumSeriesController {
  constructor(private readonly series: ForumSeriesService) {}

  @Post()
  @AdminOnly()
  @ApiOperation({
    operationId: 'createForumSeries',
    summary: 'Plan a series of sessions from an RRULE in the room’s zone (staff)',
    description:
      'Every date gets its session and booking; dates the room cannot take are listed in ' +
      '`conflicts` with the reason, in your language. Plan such a date in another room with ' +
      '`POST /api/forum/sessions` and this `seriesId`.',
  })
  @ApiProblems({ created: SeriesResultDto }, 400, 401, 403, 404, 409, 422)
  create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateSeriesDto,
    @Headers('accept-language') language?: string,
  ): Promise<SeriesResultDto> {
    return this.series.create(actor, body, language);
  }

  @Get(':id')
  @AdminOnly()
  @ApiOperation({
    operationId: 'getForumSeries',
    summary: 'What became of a series: its sessions and the dates still without a room (staff)',
    description:
      'The dates listed in `conflicts` when the series was planned, less those planned since ' +
      'in another room with this `seriesId`; reasons in your language.',
  })
  @ApiProblems({ ok: SeriesResultDto }, 400, 401, 403, 404)
  get(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Headers('accept-language') language?: string,
  ): Promise<SeriesResultDto> {
    return this.series.outcome(actor, id, language);
  }
}
