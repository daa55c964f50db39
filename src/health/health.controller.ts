import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/actor';
import { CommonErrors } from '../common/errors/domain-error';
import { ApiProblems } from '../common/openapi/api-problems';
import { Database } from '../database/database';
import { HealthResponseDto } from './health.response.dto';

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly db: Database) {}

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ operationId: 'live', summary: 'The process is running' })
  @ApiProblems({ ok: HealthResponseDto })
  live(): HealthResponseDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ operationId: 'ready', summary: 'The service can reach its database' })
  @ApiProblems({ ok: HealthResponseDto }, 503)
  async ready(): Promise<HealthResponseDto> {
    try {
      await this.db.query('SELECT 1');
    } catch {
      throw CommonErrors.SERVICE_UNAVAILABLE();
    }
    return { status: 'ok' };
  }
}
