import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { PageDto } from '../common/pagination/page';
import { AuditService } from './audit.service';
import { AuditEntryResponseDto, AuditQueryDto } from './dto/audit.dto';

@ApiTags('audit')
@Controller('audit')
@AdminOnly()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    operationId: 'listAuditEntries',
    summary: 'Who did what to which record, newest first (admins)',
  })
  @ApiProblems({ page: AuditEntryResponseDto }, 400, 401, 403)
  list(@Query() query: AuditQueryDto): Promise<PageDto<AuditEntryResponseDto>> {
    return this.audit.list(query);
  }
}
