import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { CreateTrainingModuleDto, TrainingModuleResponseDto } from './dto/training.dto';
import { MentorTrainingService } from './mentor-training.service';

@ApiTags('mentoring')
@Controller('mentoring/training-modules')
export class TrainingModulesController {
  constructor(private readonly training: MentorTrainingService) {}

  @Get()
  @ApiOperation({ operationId: 'listTrainingModules', summary: 'The modules of the programme' })
  @ApiProblems({ ok: [TrainingModuleResponseDto] }, 401)
  list(): Promise<TrainingModuleResponseDto[]> {
    return this.training.modules();
  }

  @Post()
  @AdminOnly()
  @ApiOperation({
    operationId: 'createTrainingModule',
    summary: 'Add a module (staff), optionally linked to forum trainings',
  })
  @ApiProblems({ created: TrainingModuleResponseDto }, 400, 401, 403, 422)
  create(@Body() body: CreateTrainingModuleDto): Promise<TrainingModuleResponseDto> {
    return this.training.createModule(body);
  }
}
