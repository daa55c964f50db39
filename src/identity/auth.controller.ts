import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Public } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { AuthService } from './auth.service';
import { AuthThrottlerGuard } from './auth-throttler.service';
import { AccessTokenResponseDto } from './dto/access-token.response.dto';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';
import { UserResponseDto } from './dto/user.response.dto';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('auth')
@Public()
@UseGuards(AuthThrottlerGuard)
@ApiTooManyRequestsResponse({ description: 'Too many attempts from this address' })
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
  ) {}

  @Post('register')
  @ApiOperation({ operationId: 'register', summary: 'Create an account' })
  @ApiProblems({ created: UserResponseDto }, 400, 409)
  async register(@Body() body: RegisterDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.register(body));
  }

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ operationId: 'login', summary: 'Log in and receive a bearer token' })
  @ApiProblems({ ok: AccessTokenResponseDto }, 400, 401)
  login(@Body() body: LoginDto): Promise<AccessTokenResponseDto> {
    return this.auth.login(body.email, body.password);
  }
}
