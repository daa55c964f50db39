import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, CurrentActor, Public } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { sendJson } from '../common/http/json-body';
import { UuidParam } from '../common/validation/uuid-param';
import { CreateRoomDto } from './dto/create-room.dto';
import { RoomFeatureResponseDto } from './dto/room-feature.response.dto';
import { RoomQueryDto } from './dto/room-query.dto';
import { RoomResponseDto } from './dto/room.response.dto';
import { UpdateRoomDto } from './dto/update-room.dto';
import { RoomSearchService } from './room-search.service';
import { RoomsService } from './rooms.service';

@ApiTags('rooms')
@Controller('rooms')
export class RoomsController {
  constructor(
    private readonly rooms: RoomsService,
    private readonly search: RoomSearchService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    operationId: 'searchRooms',
    summary: 'Search the room catalogue',
    description:
      'All filters combine. Rooms the public does not see — inactive ones, and those of an ' +
      'organisation an admin has not verified yet — are found only by members of the owning ' +
      'organisation and admins. With `q`, the best matches come first; otherwise by name.',
  })
  @ApiProblems({ page: RoomResponseDto }, 400)
  list(
    @CurrentActor() actor: Actor | undefined,
    @Query() query: RoomQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return sendJson(reply, this.search.searchAsJson(actor, query));
  }

  @Get('features')
  @Public()
  @ApiOperation({
    operationId: 'listRoomFeatures',
    summary: 'The features a room can have, with labels in the language asked for',
  })
  @ApiHeader({ name: 'accept-language', required: false, example: 'de' })
  @ApiOkResponse({ type: [RoomFeatureResponseDto] })
  @ApiProblems({})
  features(@Headers('accept-language') acceptLanguage?: string): RoomFeatureResponseDto[] {
    return this.search.features(acceptLanguage);
  }

  @Post()
  @ApiOperation({
    operationId: 'createRoom',
    summary: "Add a room to a venue (the venue organisation's members, admins)",
  })
  @ApiProblems({ created: RoomResponseDto }, 400, 401, 403, 404)
  create(@CurrentActor() actor: Actor, @Body() body: CreateRoomDto): Promise<RoomResponseDto> {
    return this.rooms.create(actor, body);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ operationId: 'getRoom', summary: 'One room with venue and opening hours' })
  @ApiProblems({ ok: RoomResponseDto }, 400, 404)
  get(
    @CurrentActor() actor: Actor | undefined,
    @UuidParam('id') id: string,
  ): Promise<RoomResponseDto> {
    return this.rooms.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateRoom',
    summary: 'Change a room; only the fields sent, nested objects field by field',
  })
  @ApiProblems({ ok: RoomResponseDto }, 400, 401, 403, 404)
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() body: UpdateRoomDto,
  ): Promise<RoomResponseDto> {
    return this.rooms.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteRoom',
    summary: 'Delete a room with its opening hours and closures',
  })
  @ApiProblems({ noContent: true }, 400, 401, 403, 404, 409)
  async remove(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<void> {
    await this.rooms.remove(actor, id);
  }
}
