import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { UpdateMeDto } from './dto/update-me.dto';
import { UserResponseDto } from './dto/user.response.dto';
import { UsersService } from './users.service';

@ApiTags('me')
@Controller('me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ operationId: 'getMe', summary: 'The logged-in user' })
  @ApiProblems({ ok: UserResponseDto }, 401)
  me(@CurrentActor() actor: Actor): UserResponseDto {
    return UserResponseDto.from(actor);
  }

  @Patch()
  @ApiOperation({ operationId: 'updateMe', summary: 'Change name or language' })
  @ApiProblems({ ok: UserResponseDto }, 400, 401)
  async update(@CurrentActor() actor: Actor, @Body() body: UpdateMeDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.updateProfile(actor.id, body));
  }
}
