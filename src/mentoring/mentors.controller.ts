import { Body, Controller, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, AdminOnly, CurrentActor } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { PageDto } from '../common/pagination/page';
import { UuidParam } from '../common/validation/uuid-param';
import {
  CreateMentorDto,
  MentorQueryDto,
  MentorResponseDto,
  UpdateMentorDto,
} from './dto/mentor.dto';
import { CreateTrainingRecordDto, TrainingRecordResponseDto } from './dto/training.dto';
import { MentorCertificateService } from './mentor-certificate.service';
import { MentorTrainingService } from './mentor-training.service';
import { MentorsService } from './mentors.service';

@ApiTags('mentoring')
@Controller('mentoring/mentors')
export class MentorsController {
  constructor(
    private readonly mentors: MentorsService,
    private readonly training: MentorTrainingService,
    private readonly certificates: MentorCertificateService,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listMentors',
    summary: 'Mentors you may see: all for staff; yourself; those assigned to your organisations',
  })
  @ApiProblems({ page: MentorResponseDto }, 400, 401)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: MentorQueryDto,
  ): Promise<PageDto<MentorResponseDto>> {
    return this.mentors.list(actor, query);
  }

  @Post()
  @ApiOperation({
    operationId: 'createMentor',
    summary: 'Become a mentor (in training); staff may make another user one',
  })
  @ApiProblems({ created: MentorResponseDto }, 400, 401, 403, 404, 409, 422)
  create(@CurrentActor() actor: Actor, @Body() body: CreateMentorDto): Promise<MentorResponseDto> {
    return this.mentors.create(actor, body);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getMentor',
    summary: 'A mentor: for staff, the mentor (with training progress) and assigned organisations',
  })
  @ApiProblems({ ok: MentorResponseDto }, 400, 401, 404)
  get(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<MentorResponseDto> {
    return this.mentors.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateMentor',
    summary: 'Change a mentor’s profile (the mentor or staff)',
  })
  @ApiProblems({ ok: MentorResponseDto }, 400, 401, 403, 404, 422)
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() body: UpdateMentorDto,
  ): Promise<MentorResponseDto> {
    return this.mentors.update(actor, id, body);
  }

  @Post(':id/training-records')
  @AdminOnly()
  @ApiOperation({
    operationId: 'recordMentorTraining',
    summary: 'Record a module attended elsewhere (staff); forum attendance counts by itself',
  })
  @ApiProblems({ created: TrainingRecordResponseDto }, 400, 401, 403, 404, 409)
  record(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() body: CreateTrainingRecordDto,
  ): Promise<TrainingRecordResponseDto> {
    return this.training.record(actor, id, body);
  }

  @Post(':id/certify')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'certifyMentor',
    summary: 'Certify a mentor (staff) once every required module is attended',
    description: 'Refused with 422 naming the missing modules (`missing`).',
  })
  @ApiProblems({ ok: MentorResponseDto }, 400, 401, 403, 404, 409, 422)
  async certify(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
  ): Promise<MentorResponseDto> {
    await this.training.certify(actor, id);
    return this.mentors.get(actor, id);
  }

  @Get(':id/certificate')
  @ApiOperation({
    operationId: 'getMentorCertificate',
    summary: 'The certificate for print, in German and English (the mentor and staff)',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiProblems({}, 400, 401, 404, 409)
  async certificate(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const html = await this.certificates.render(actor, id);
    void reply.type('text/html; charset=utf-8');
    return html;
  }
}
