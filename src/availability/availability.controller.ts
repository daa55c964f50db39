import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, CurrentActor, Public } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { sendJson } from '../common/http/json-body';
import { UuidParam } from '../common/validation/uuid-param';
import { AvailabilityService } from './availability.service';
import { AvailabilityQueryDto, AvailabilityResponseDto } from './dto/availability.dto';

@ApiTags('rooms')
@Controller('rooms')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get(':id/availability')
  @Public()
  @ApiOperation({
    operationId: 'getRoomAvailability',
    summary: 'Open, busy and free times of a room (UTC, with the room’s time zone)',
  })
  @ApiProblems({ ok: AvailabilityResponseDto }, 400, 404)
  get(
    @CurrentActor() actor: Actor | undefined,
    @UuidParam('id') id: string,
    @Query() query: AvailabilityQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return sendJson(reply, this.availability.forRoomAsJson(actor, id, query.from, query.to));
  }
}
