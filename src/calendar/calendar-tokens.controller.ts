import { Body, Controller, Delete, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, CurrentActor } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { PageDto, PageQueryDto } from '../common/pagination/page';
import { UuidParam } from '../common/validation/uuid-param';
import { CalendarTokensService } from './calendar-tokens.service';
import {
  CalendarTokenResponseDto,
  CreatedCalendarTokenResponseDto,
} from './dto/calendar-token.response.dto';
import { CreateCalendarTokenDto } from './dto/create-calendar-token.dto';

@ApiTags('calendar')
@Controller('calendar/tokens')
export class CalendarTokensController {
  constructor(private readonly tokens: CalendarTokensService) {}

  @Post()
  @ApiOperation({
    operationId: 'createCalendarToken',
    summary: 'A secret link to a private feed',
    description:
      'Members of an organisation get links to its bookings (`organization`) and to the ' +
      'bookings in its rooms (`owner`); everyone to the bookings of all their organisations ' +
      '(`user`, with their own id). The link is shown once; keep it like a password.',
  })
  @ApiProblems({ created: CreatedCalendarTokenResponseDto }, 400, 401, 403, 404, 422)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateCalendarTokenDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreatedCalendarTokenResponseDto> {
    // The answer holds the secret: no cache may keep it.
    void reply.header('cache-control', 'no-store');
    return this.tokens.create(actor, body);
  }

  @Get()
  @ApiOperation({
    operationId: 'listCalendarTokens',
    summary: 'Your live feed links (without their secrets)',
  })
  @ApiProblems({ page: CalendarTokenResponseDto }, 400, 401)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: PageQueryDto,
  ): Promise<PageDto<CalendarTokenResponseDto>> {
    return this.tokens.list(actor, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'revokeCalendarToken',
    summary: 'Revoke a feed link: it answers 404 from now on',
  })
  @ApiProblems({ noContent: true }, 400, 401, 404)
  revoke(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<void> {
    return this.tokens.revoke(actor, id);
  }
}
