import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, AdminOnly, CurrentActor } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { PageDto } from '../common/pagination/page';
import { UuidParam } from '../common/validation/uuid-param';
import { AssignmentResponseDto, ProposeMentorDto } from './dto/assignment.dto';
import {
  CreateMentoringRequestDto,
  MentoringRequestQueryDto,
  MentoringRequestResponseDto,
  SuggestionQueryDto,
  SuggestionResponseDto,
} from './dto/request.dto';
import { AssignmentsService } from './assignments.service';
import { MentorMatchingService } from './mentor-matching.service';
import { MentoringRequestsService, toRequestResponse } from './mentoring-requests.service';

@ApiTags('mentoring')
@Controller('mentoring/requests')
export class MentoringRequestsController {
  constructor(
    private readonly requests: MentoringRequestsService,
    private readonly matching: MentorMatchingService,
    private readonly assignments: AssignmentsService,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listMentoringRequests',
    summary: 'Requests for a mentor: your organisations’, or all for staff',
  })
  @ApiProblems({ page: MentoringRequestResponseDto }, 400, 401)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: MentoringRequestQueryDto,
  ): Promise<PageDto<MentoringRequestResponseDto>> {
    return this.requests.list(actor, query);
  }

  @Post()
  @ApiOperation({
    operationId: 'createMentoringRequest',
    summary: 'Ask for a mentor for your organisation',
  })
  @ApiProblems({ created: MentoringRequestResponseDto }, 400, 401, 403, 404, 422)
  create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateMentoringRequestDto,
  ): Promise<MentoringRequestResponseDto> {
    return this.requests.create(actor, body);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getMentoringRequest', summary: 'One request' })
  @ApiProblems({ ok: MentoringRequestResponseDto }, 400, 401, 404)
  async get(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
  ): Promise<MentoringRequestResponseDto> {
    return toRequestResponse(await this.requests.visible(actor, id));
  }

  @Get(':id/suggestions')
  @AdminOnly()
  @ApiOperation({
    operationId: 'suggestMentors',
    summary: 'Mentors ranked for a request (staff), each with the reasons of its score',
    description:
      'Certified mentors with a free place who share a language with the organisation; ' +
      'ranked by topic fit first, then common times, free places (spreading the work) and ' +
      'district. Reasons in your account’s language.',
  })
  @ApiProblems({ ok: [SuggestionResponseDto] }, 400, 401, 403, 404)
  async suggestions(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Query() query: SuggestionQueryDto,
  ): Promise<SuggestionResponseDto[]> {
    const request = await this.requests.visible(actor, id);
    return this.matching.suggest(request, actor.locale, query.limit);
  }

  @Post(':id/assignments')
  @AdminOnly()
  @ApiOperation({
    operationId: 'proposeMentor',
    summary: 'Propose a mentor for a request (staff); the mentor is asked by mail',
    description: 'The proposal holds one of the mentor’s places until it is answered.',
  })
  @ApiProblems({ created: AssignmentResponseDto }, 400, 401, 403, 404, 409, 422)
  propose(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() body: ProposeMentorDto,
  ): Promise<AssignmentResponseDto> {
    return this.assignments.propose(actor, id, body);
  }
}
