import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { UserResponseDto } from '../identity/identity.contract';
import { AccountCredentialsService } from './account-credentials.service';
import { EmailConfirmationDto, PasswordResetDto, PasswordResetRequestDto } from './dto/account.dto';
import { RegisterDto } from './dto/register.dto';
import { RegistrationService } from './registration.service';

/** Signing up and recovering a password: open to anyone, throttled per address. */
@ApiTags('auth')
@Controller('auth')
@Public()
@UseGuards(ThrottlerGuard)
@ApiTooManyRequestsResponse({ description: 'Too many attempts from this address' })
export class AccountAuthController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly credentials: AccountCredentialsService,
  ) {}

  @Post('register')
  @ApiOperation({
    operationId: 'register',
    summary: 'Create an account',
    description:
      'A mail with a link confirms the address; until then no bookings can be requested.',
  })
  @ApiProblems({ created: UserResponseDto }, 400, 409)
  async register(@Body() body: RegisterDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.registration.register(body));
  }

  @Post('email-confirmation')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'confirmEmail',
    summary: "Confirm the address with the mail's link",
  })
  @ApiProblems({ noContent: true }, 400)
  async confirmEmail(@Body() body: EmailConfirmationDto): Promise<void> {
    await this.registration.confirm(body.token);
  }

  @Post('password-reset')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'requestPasswordReset',
    summary: 'Send a link to set a new password',
    description:
      'Always answers 204, whether the address has an account or not. The link works once, ' +
      'for an hour; at most three mails an hour per account.',
  })
  @ApiProblems({ noContent: true }, 400)
  async requestReset(@Body() body: PasswordResetRequestDto): Promise<void> {
    await this.credentials.requestReset(body.email);
  }

  @Post('password-reset/complete')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'resetPassword',
    summary: "Set a new password with the mail's link; ends every other login",
  })
  @ApiProblems({ noContent: true }, 400)
  async reset(@Body() body: PasswordResetDto): Promise<void> {
    await this.credentials.reset(body.token, body.newPassword);
  }
}
