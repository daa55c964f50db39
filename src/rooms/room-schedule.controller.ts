import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Public } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { PageDto } from '../common/pagination/page';
import { ArrayBodyPipe } from '../common/validation/array-body.pipe';
import { UuidParam } from '../common/validation/uuid-param';
import { ClosureQueryDto, CreateClosureDto } from './dto/closure.dto';
import { ClosureResponseDto } from './dto/closure.response.dto';
import {
  MAX_OPENING_INTERVALS,
  OpeningHoursIntervalDto,
  OpeningHoursQueryDto,
} from './dto/opening-hours.dto';
import { RoomScheduleService } from './room-schedule.service';

@ApiTags('rooms')
@Controller('rooms/:id')
export class RoomScheduleController {
  constructor(private readonly schedule: RoomScheduleService) {}

  @Get('opening-hours')
  @Public()
  @ApiOperation({ operationId: 'getOpeningHours', summary: "A room's weekly opening hours" })
  @ApiOkResponse({ type: [OpeningHoursIntervalDto] })
  @ApiProblems({}, 400, 404)
  getOpeningHours(
    @CurrentActor() actor: Actor | undefined,
    @UuidParam('id') id: string,
  ): Promise<OpeningHoursIntervalDto[]> {
    return this.schedule.getOpeningHours(actor, id);
  }

  @Put('opening-hours')
  @ApiOperation({
    operationId: 'replaceOpeningHours',
    summary: 'Set the whole week of opening hours at once',
    description:
      "Wall-clock times in the room's time zone; several intervals a day, none overlapping; " +
      '"24:00" closes at midnight. An evening past midnight is two intervals, one per day. ' +
      'An empty list closes the room. Field errors name the interval: `[2].closes`. ' +
      'The week holds from `validFrom` (default today) on; the week before stays valid for ' +
      'earlier dates, so that availability and reports of those dates keep it.',
  })
  @ApiBody({ type: [OpeningHoursIntervalDto] })
  @ApiOkResponse({ type: [OpeningHoursIntervalDto] })
  @ApiProblems({}, 400, 401, 403, 404)
  replaceOpeningHours(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body(new ArrayBodyPipe(OpeningHoursIntervalDto, MAX_OPENING_INTERVALS))
    body: OpeningHoursIntervalDto[],
    @Query() query: OpeningHoursQueryDto,
  ): Promise<OpeningHoursIntervalDto[]> {
    return this.schedule.replaceOpeningHours(actor, id, body, query.validFrom);
  }

  @Get('closures')
  @Public()
  @ApiOperation({
    operationId: 'listClosures',
    summary: 'Periods in which a room is closed, by start',
  })
  @ApiProblems({ page: ClosureResponseDto }, 400, 404)
  listClosures(
    @CurrentActor() actor: Actor | undefined,
    @UuidParam('id') id: string,
    @Query() query: ClosureQueryDto,
  ): Promise<PageDto<ClosureResponseDto>> {
    return this.schedule.listClosures(actor, id, query);
  }

  @Post('closures')
  @ApiOperation({
    operationId: 'addClosure',
    summary: 'Close a room for a period (members of the owning organisation, admins)',
  })
  @ApiProblems({ created: ClosureResponseDto }, 400, 401, 403, 404)
  addClosure(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() body: CreateClosureDto,
  ): Promise<ClosureResponseDto> {
    return this.schedule.addClosure(actor, id, body);
  }

  @Delete('closures/:closureId')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteClosure', summary: 'Remove a closure' })
  @ApiProblems({ noContent: true }, 400, 401, 403, 404)
  async removeClosure(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('closureId') closureId: string,
  ): Promise<void> {
    await this.schedule.removeClosure(actor, id, closureId);
  }
}
