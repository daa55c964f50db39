import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, AdminOnly, CurrentActor } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { page, PageDto } from '../common/pagination/page';
import { UuidParam } from '../common/validation/uuid-param';
import { UserAdminResponseDto, UserQueryDto } from './dto/user-admin.dto';
import { UsersService } from './users.service';

/** The agency's staff look after accounts: find them, block and unblock them. */
@ApiTags('users')
@Controller('users')
@AdminOnly()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ operationId: 'listUsers', summary: 'Accounts, by name (admins)' })
  @ApiProblems({ page: UserAdminResponseDto }, 400, 401, 403)
  async list(@Query() query: UserQueryDto): Promise<PageDto<UserAdminResponseDto>> {
    const found = await this.users.list(query);
    return page(
      found.items.map((user) => UserAdminResponseDto.from(user)),
      found.total,
      query,
    );
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getUser', summary: 'One account (admins)' })
  @ApiProblems({ ok: UserAdminResponseDto }, 400, 401, 403, 404)
  async get(@UuidParam('id') id: string): Promise<UserAdminResponseDto> {
    return UserAdminResponseDto.from(await this.users.record(id));
  }

  @Post(':id/block')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'blockUser',
    summary: 'Block an account: no login, its tokens are refused (admins)',
  })
  @ApiProblems({ ok: UserAdminResponseDto }, 400, 401, 403, 404, 409)
  async block(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
  ): Promise<UserAdminResponseDto> {
    return UserAdminResponseDto.from(await this.users.setBlocked(actor, id, true));
  }

  @Post(':id/unblock')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'unblockUser',
    summary: 'Let a blocked account log in again (admins)',
  })
  @ApiProblems({ ok: UserAdminResponseDto }, 400, 401, 403, 404)
  async unblock(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
  ): Promise<UserAdminResponseDto> {
    return UserAdminResponseDto.from(await this.users.setBlocked(actor, id, false));
  }
}
