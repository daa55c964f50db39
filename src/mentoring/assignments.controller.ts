import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { PageDto, PageQueryDto } from '../common/pagination/page';
import { UuidParam } from '../common/validation/uuid-param';
import {
  AssignmentResponseDto,
  CreateMeetingDto,
  DecisionDto,
  EndAssignmentDto,
  MeetingResponseDto,
} from './dto/assignment.dto';
import { AssignmentsService } from './assignments.service';
import { MeetingsService } from './meetings.service';

@ApiTags('mentoring')
@Controller('mentoring/assignments')
export class AssignmentsController {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly meetings: MeetingsService,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listMentoringAssignments',
    summary: 'Your assignments and proposals: as mentor, for your organisations, all for staff',
  })
  @ApiProblems({ page: AssignmentResponseDto }, 400, 401)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: PageQueryDto,
  ): Promise<PageDto<AssignmentResponseDto>> {
    return this.assignments.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getMentoringAssignment', summary: 'One assignment or proposal' })
  @ApiProblems({ ok: AssignmentResponseDto }, 400, 401, 404)
  get(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<AssignmentResponseDto> {
    return this.assignments.get(actor, id);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'acceptMentoringAssignment',
    summary: 'Accept a proposal (the mentor): one step, the first acceptance of a request wins',
  })
  @ApiProblems({ ok: AssignmentResponseDto }, 400, 401, 403, 404, 409)
  accept(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
  ): Promise<AssignmentResponseDto> {
    return this.assignments.accept(actor, id);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiOperation({ operationId: 'declineMentoringAssignment', summary: 'Decline (the mentor)' })
  @ApiProblems({ ok: AssignmentResponseDto }, 400, 401, 403, 404, 409)
  decline(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() body: DecisionDto,
  ): Promise<AssignmentResponseDto> {
    return this.assignments.decline(actor, id, body.reason);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'completeMentoringAssignment',
    summary: 'Mark as completed (the mentor, the organisation or staff)',
  })
  @ApiProblems({ ok: AssignmentResponseDto }, 400, 401, 404, 409)
  complete(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() body: DecisionDto,
  ): Promise<AssignmentResponseDto> {
    return this.assignments.finish(actor, id, 'completed', body.reason);
  }

  @Post(':id/end')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'endMentoringAssignment',
    summary: 'End early, with a reason (the mentor, the organisation or staff)',
  })
  @ApiProblems({ ok: AssignmentResponseDto }, 400, 401, 404, 409)
  end(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() body: EndAssignmentDto,
  ): Promise<AssignmentResponseDto> {
    return this.assignments.finish(actor, id, 'ended', body.reason);
  }

  @Get(':id/meetings')
  @ApiOperation({
    operationId: 'listMentoringMeetings',
    summary: 'Logged meetings; the private note only for the mentor and staff',
  })
  @ApiProblems({ page: MeetingResponseDto }, 400, 401, 404)
  listMeetings(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Query() query: PageQueryDto,
  ): Promise<PageDto<MeetingResponseDto>> {
    return this.meetings.list(actor, id, query);
  }

  @Post(':id/meetings')
  @ApiOperation({
    operationId: 'logMentoringMeeting',
    summary: 'Log a meeting (the mentor), optionally booking a room for it',
  })
  @ApiProblems({ created: MeetingResponseDto }, 400, 401, 403, 404, 409, 422)
  createMeeting(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() body: CreateMeetingDto,
  ): Promise<MeetingResponseDto> {
    return this.meetings.create(actor, id, body);
  }
}
