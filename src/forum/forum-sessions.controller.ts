import { Body, Controller, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, AdminOnly, CurrentActor, Public } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { PageDto, PageQueryDto } from '../common/pagination/page';
import { ArrayBodyPipe } from '../common/validation/array-body.pipe';
import { UuidParam } from '../common/validation/uuid-param';
import {
  AttendanceEntryDto,
  AttendanceResultDto,
  MAX_ATTENDANCE_ENTRIES,
} from './dto/attendance.dto';
import { ForumAttendanceService } from './forum-attendance.service';
import { CreateRegistrationDto } from './dto/create-registration.dto';
import { CreateSessionDto } from './dto/create-session.dto';
import { LargerRoomResponseDto } from './dto/larger-room.response.dto';
import { MoveSessionDto } from './dto/move-session.dto';
import { RegistrationQueryDto } from './dto/registration-query.dto';
import { RegistrationCreatedDto, RegistrationResponseDto } from './dto/registration.response.dto';
import { SessionQueryDto } from './dto/session-query.dto';
import { SessionResponseDto } from './dto/session.response.dto';
import { CancelSessionDto, UpdateSessionDto } from './dto/update-session.dto';
import { ForumRegistrationsService } from './forum-registrations.service';
import { ForumSessionsService } from './forum-sessions.service';

@ApiTags('forum')
@Controller('forum/sessions')
export class ForumSessionsController {
  constructor(
    private readonly sessions: ForumSessionsService,
    private readonly registrations: ForumRegistrationsService,
    private readonly attendance: ForumAttendanceService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    operationId: 'listForumSessions',
    summary: 'The programme: forum sessions, trainings and public events',
    description: 'Published and cancelled sessions; staff also see drafts.',
  })
  @ApiProblems({ page: SessionResponseDto }, 400)
  list(
    @CurrentActor() actor: Actor | undefined,
    @Query() query: SessionQueryDto,
  ): Promise<PageDto<SessionResponseDto>> {
    return this.sessions.list(actor, query);
  }

  @Post()
  @AdminOnly()
  @ApiOperation({
    operationId: 'createForumSession',
    summary: 'Plan a session (staff): books its room in the agency’s name',
    description:
      'The room is booked under its rules; on a room with manual approval the session is ' +
      '`tentative` until the owners approve the booking.',
  })
  @ApiProblems({ created: SessionResponseDto }, 400, 401, 403, 404, 409, 422)
  create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateSessionDto,
  ): Promise<SessionResponseDto> {
    return this.sessions.create(actor, body);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ operationId: 'getForumSession', summary: 'One session' })
  @ApiProblems({ ok: SessionResponseDto }, 400, 404)
  get(
    @CurrentActor() actor: Actor | undefined,
    @UuidParam('id') id: string,
  ): Promise<SessionResponseDto> {
    return this.sessions.get(actor, id);
  }

  @Patch(':id')
  @AdminOnly()
  @ApiOperation({
    operationId: 'updateForumSession',
    summary: 'Change a session (staff); a new time or room moves its booking',
    description: 'Registrants are told of a new time or room by mail, with the updated event.',
  })
  @ApiProblems({ ok: SessionResponseDto }, 400, 401, 403, 404, 409, 422)
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() body: UpdateSessionDto,
  ): Promise<SessionResponseDto> {
    return this.sessions.update(actor, id, body);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'cancelForumSession',
    summary: 'Cancel a session (staff): cancels its booking and tells the registrants',
  })
  @ApiProblems({ ok: SessionResponseDto }, 400, 401, 403, 404, 409, 422)
  cancel(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() body: CancelSessionDto,
  ): Promise<SessionResponseDto> {
    return this.sessions.cancel(actor, id, body.reason);
  }

  @Get(':id/larger-rooms')
  @AdminOnly()
  @ApiOperation({
    operationId: 'listLargerRoomsForForumSession',
    summary: 'Larger rooms free at the session’s time (staff)',
    description:
      'Active rooms of the catalogue with more places than the session’s capacity that a ' +
      'booking for the session’s time would get (the free-room search, same rules as a ' +
      'request). Then `POST …/move`.',
  })
  @ApiProblems({ page: LargerRoomResponseDto }, 400, 401, 403, 404, 409, 422)
  largerRooms(
    @UuidParam('id') id: string,
    @Query() query: PageQueryDto,
  ): Promise<PageDto<LargerRoomResponseDto>> {
    return this.sessions.largerRooms(id, query);
  }

  @Post(':id/move')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'moveForumSession',
    summary: 'Move a session to another room and/or time in one step (staff)',
    description:
      'Books the new room under its rules, releases the old booking only once the new one ' +
      'holds, raises the capacity if asked (at most the new room’s; the waitlist moves up) ' +
      'and tells the registrants by mail with the updated event. A refusal changes nothing.',
  })
  @ApiProblems({ ok: SessionResponseDto }, 400, 401, 403, 404, 409, 422)
  move(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() body: MoveSessionDto,
  ): Promise<SessionResponseDto> {
    return this.sessions.move(actor, id, body);
  }

  @Get(':id/registrations')
  @ApiOperation({
    operationId: 'listForumRegistrations',
    summary: 'Registrations: all for staff, your organisations’ for members',
  })
  @ApiProblems({ page: RegistrationResponseDto }, 400, 401, 404)
  listRegistrations(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Query() query: RegistrationQueryDto,
  ): Promise<PageDto<RegistrationResponseDto>> {
    return this.registrations.list(actor, id, query);
  }

  @Post(':id/registrations')
  @Public()
  @ApiOperation({
    operationId: 'registerForForumSession',
    summary: 'Register (anyone for public sessions, members for members’ sessions)',
    description:
      'Confirmed while places are free, else waitlisted in order of arrival. The answer and ' +
      'the mail carry the private link (`manageUrl`) to see or cancel the registration.',
  })
  @ApiProblems({ created: RegistrationCreatedDto }, 400, 403, 404, 409, 422)
  register(
    @CurrentActor() actor: Actor | undefined,
    @UuidParam('id') id: string,
    @Body() body: CreateRegistrationDto,
  ): Promise<RegistrationCreatedDto> {
    return this.registrations.register(actor, id, body);
  }

  @Put(':id/attendance')
  @AdminOnly()
  @ApiOperation({
    operationId: 'recordForumAttendance',
    summary: 'Record who came (staff, from the start of the session)',
    description:
      'A list of {registrationId, attended}; each registration at most once (a repeated one ' +
      'is a 400). Only confirmed registrations of this session.',
  })
  @ApiBody({ type: [AttendanceEntryDto] })
  @ApiProblems({ ok: AttendanceResultDto }, 400, 401, 403, 404, 422)
  recordAttendance(
    @UuidParam('id') id: string,
    @Body(new ArrayBodyPipe(AttendanceEntryDto, MAX_ATTENDANCE_ENTRIES)) body: AttendanceEntryDto[],
  ): Promise<AttendanceResultDto> {
    return this.attendance.record(id, body);
  }
}
