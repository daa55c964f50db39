import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, AdminOnly, CurrentActor } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { PageDto } from '../common/pagination/page';
import { UuidParam } from '../common/validation/uuid-param';
import { OutboxMessageResponseDto, OutboxQueryDto } from './dto/outbox.dto';
import { OutboxService } from './outbox.service';

@ApiTags('outbox')
@Controller('admin/outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  @AdminOnly()
  @ApiOperation({
    operationId: 'listOutbox',
    summary: 'E-mails of the outbox, newest first, e.g. the undelivered ones (admins)',
  })
  @ApiProblems({ page: OutboxMessageResponseDto }, 400, 401, 403)
  list(@Query() query: OutboxQueryDto): Promise<PageDto<OutboxMessageResponseDto>> {
    return this.outbox.list(query);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'retryOutboxMessage',
    summary: 'Send a failed e-mail again, with a fresh number of attempts (admins)',
  })
  @ApiProblems({ ok: OutboxMessageResponseDto }, 400, 401, 403, 404, 409)
  retry(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.outbox.retry(actor, id);
  }
}
