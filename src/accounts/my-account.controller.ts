import { Body, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { AccessToken } from '../identity/auth.service';
import { AccountCredentialsService } from './account-credentials.service';
import { AccountDeletionService } from './account-deletion.service';
import { AccountExportService } from './account-export.service';
import { ChangePasswordDto, DeleteAccountDto, LoginResponseDto } from './dto/account.dto';
import { AccountExportResponseDto } from './dto/account-export.dto';
import { RegistrationService } from './registration.service';

/** The caller's own account: password, address confirmation, export, deletion. */
@ApiTags('me')
@Controller('me')
export class MyAccountController {
  constructor(
    private readonly credentials: AccountCredentialsService,
    private readonly registration: RegistrationService,
    private readonly deletion: AccountDeletionService,
    private readonly exports: AccountExportService,
  ) {}

  @Post('password')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'changePassword',
    summary: 'Change the password; ends every other login and answers with a new token',
  })
  @ApiProblems({ ok: LoginResponseDto }, 400, 401, 403)
  changePassword(
    @CurrentActor() actor: Actor,
    @Body() body: ChangePasswordDto,
  ): Promise<AccessToken> {
    return this.credentials.change(actor, body.currentPassword, body.newPassword);
  }

  @Post('email-confirmation')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'resendEmailConfirmation',
    summary: 'Send the confirmation link again (three times an hour at most)',
  })
  @ApiProblems({ noContent: true }, 401, 409, 429)
  async resendConfirmation(@CurrentActor() actor: Actor): Promise<void> {
    await this.registration.resend(actor);
  }

  @Get('export')
  @Header('content-disposition', 'attachment; filename="raum-fuer-engagement-export.json"')
  @ApiOperation({ operationId: 'exportMyData', summary: 'Everything kept about you, as JSON' })
  @ApiProblems({ ok: AccountExportResponseDto }, 401)
  export(@CurrentActor() actor: Actor): Promise<AccountExportResponseDto> {
    return this.exports.export(actor);
  }

  @Post('delete')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteMyAccount',
    summary: 'Delete your account and personal data (password required)',
    description:
      "Memberships end; your organisations' bookings stay, without your name. Refused (409) " +
      'while you are the only owner of an organisation that has other members.',
  })
  @ApiProblems({ noContent: true }, 400, 401, 403, 409)
  async delete(@CurrentActor() actor: Actor, @Body() body: DeleteAccountDto): Promise<void> {
    await this.deletion.delete(actor, body.password);
  }
}
