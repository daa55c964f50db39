import { Controller, Delete, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Actor, AdminOnly, CurrentActor, Public } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { UuidParam } from '../common/validation/uuid-param';
import {
  OwnRegistrationResponseDto,
  RegistrationResponseDto,
} from './dto/registration.response.dto';
import { ForumRegistrationsService } from './forum-registrations.service';

/** The registrant's private link: whoever has it may see and cancel that registration. */
@ApiTags('forum')
@Controller('forum/registrations')
@Public()
export class ForumRegistrationsController {
  constructor(private readonly registrations: ForumRegistrationsService) {}

  @Get(':token')
  @ApiOperation({ operationId: 'getOwnForumRegistration', summary: 'Your registration' })
  @ApiParam({ name: 'token', description: 'The secret of the private link' })
  @ApiProblems({ ok: OwnRegistrationResponseDto }, 400, 404)
  get(@Param('token') token: string): Promise<OwnRegistrationResponseDto> {
    return this.registrations.own(token);
  }

  @Delete(':token')
  @ApiOperation({
    operationId: 'cancelOwnForumRegistration',
    summary: 'Cancel your registration; a freed place goes to the waitlist',
  })
  @ApiParam({ name: 'token', description: 'The secret of the private link' })
  @ApiProblems({ ok: OwnRegistrationResponseDto }, 400, 404, 409, 422)
  cancel(@Param('token') token: string): Promise<OwnRegistrationResponseDto> {
    return this.registrations.cancelOwn(token);
  }
}

/** Staff's hand on a registration, by its id (someone phoned in to cancel). */
@ApiTags('forum')
@Controller('forum/registrations/by-id')
export class ForumStaffRegistrationsController {
  constructor(private readonly registrations: ForumRegistrationsService) {}

  @Delete(':id')
  @AdminOnly()
  @ApiOperation({
    operationId: 'cancelForumRegistration',
    summary: 'Cancel a registration for its registrant (staff)',
    description:
      'As the registrant’s own cancellation: the registrant gets the same mail, and a freed ' +
      'place goes to the first waiting registration that fits.',
  })
  @ApiProblems({ ok: RegistrationResponseDto }, 401, 403, 404, 409, 422)
  cancel(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
  ): Promise<RegistrationResponseDto> {
    return this.registrations.cancelByStaff(actor, id);
  }
}
