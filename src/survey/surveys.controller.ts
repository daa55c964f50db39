import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, AdminOnly, CurrentActor } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { PageDto, PageQueryDto } from '../common/pagination/page';
import { UuidParam } from '../common/validation/uuid-param';
import { AnswersQueryDto, PutAnswersDto } from './dto/answers.dto';
import { CreateSurveyDto } from './dto/create-survey.dto';
import { AnswersResponseDto, SurveyResponseDto } from './dto/survey.response.dto';
import { SurveysService } from './surveys.service';

/** The needs survey: rounds opened by staff, answered by verified organisations. */
@ApiTags('survey')
@Controller('surveys')
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Get()
  @ApiOperation({
    operationId: 'listSurveys',
    summary: 'The rounds of the needs survey, newest first (logged-in users)',
  })
  @ApiProblems({ page: SurveyResponseDto }, 400, 401)
  list(@Query() query: PageQueryDto): Promise<PageDto<SurveyResponseDto>> {
    return this.surveys.list(query);
  }

  @Post()
  @AdminOnly()
  @ApiOperation({
    operationId: 'openSurvey',
    summary: 'Open a round with its questions (staff)',
    description:
      'Questions ask about a need area (rooms, training, public relations, funding, ' +
      'mentoring, other), optionally a topic of GET /api/topics; rating 1–5, choice or free ' +
      'text; worded in German and English at least. The round opens now; the organisations ' +
      'that have not answered are reminded by mail once, at `remindAt`.',
  })
  @ApiProblems({ created: SurveyResponseDto }, 400, 401, 403)
  create(@CurrentActor() actor: Actor, @Body() body: CreateSurveyDto): Promise<SurveyResponseDto> {
    return this.surveys.create(actor, body);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getSurvey', summary: 'One round with its questions' })
  @ApiProblems({ ok: SurveyResponseDto }, 400, 401, 404)
  get(@UuidParam('id') id: string): Promise<SurveyResponseDto> {
    return this.surveys.get(id);
  }

  @Get(':id/answers')
  @ApiOperation({
    operationId: 'getSurveyAnswers',
    summary: 'Your organisation’s answer to the round (its members; staff)',
  })
  @ApiProblems({ ok: AnswersResponseDto }, 400, 401, 403, 404)
  answers(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Query() query: AnswersQueryDto,
  ): Promise<AnswersResponseDto> {
    return this.surveys.answers(actor, id, query.organizationId);
  }

  @Put(':id/answers')
  @ApiOperation({
    operationId: 'putSurveyAnswers',
    summary: 'Answer the round for your verified organisation, or change the answer',
    description:
      'One answer per organisation and round, replaced as a whole by each PUT until the ' +
      'round closes (`revision` counts the edits).',
  })
  @ApiProblems({ ok: AnswersResponseDto }, 400, 401, 403, 404, 409, 422)
  putAnswers(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() body: PutAnswersDto,
  ): Promise<AnswersResponseDto> {
    return this.surveys.putAnswers(actor, id, body);
  }

  @Post(':id/close')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({ operationId: 'closeSurvey', summary: 'Close a round before its end (staff)' })
  @ApiProblems({ ok: SurveyResponseDto }, 400, 401, 403, 404, 409)
  close(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<SurveyResponseDto> {
    return this.surveys.close(actor, id);
  }
}
