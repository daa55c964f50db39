import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, AdminOnly, CurrentActor, Public } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { PageDto } from '../common/pagination/page';
import { UuidParam } from '../common/validation/uuid-param';
import { AddMemberDto } from './dto/add-member.dto';
import { CreateOrganizationDto } from './dto/create-organization.dto';
import { OrganizationQueryDto } from './dto/organization-query.dto';
import { MemberResponseDto, OrganizationResponseDto } from './dto/organization.response.dto';
import { UpdateOrganizationDto } from './dto/update-organization.dto';
import { VerifyOrganizationDto } from './dto/verify-organization.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('organizations')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get()
  @Public()
  @ApiOperation({ operationId: 'listOrganizations', summary: 'Find organisations' })
  @ApiProblems({ page: OrganizationResponseDto }, 400)
  list(
    @CurrentActor() actor: Actor | undefined,
    @Query() query: OrganizationQueryDto,
  ): Promise<PageDto<OrganizationResponseDto>> {
    return this.organizations.list(actor, query);
  }

  @Post()
  @ApiOperation({
    operationId: 'createOrganization',
    summary: 'Create an organisation; you become its owner',
  })
  @ApiProblems({ created: OrganizationResponseDto }, 400, 401)
  create(@CurrentActor() actor: Actor, @Body() body: CreateOrganizationDto) {
    return this.organizations.create(actor, body);
  }

  @Get(':id')
  @Public()
  @ApiOperation({
    operationId: 'getOrganization',
    summary: 'One organisation (members see contact and members)',
  })
  @ApiProblems({ ok: OrganizationResponseDto }, 400, 404)
  get(@CurrentActor() actor: Actor | undefined, @UuidParam('id') id: string) {
    return this.organizations.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateOrganization',
    summary: 'Change the profile (owners, admins)',
  })
  @ApiProblems({ ok: OrganizationResponseDto }, 400, 401, 403, 404)
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() body: UpdateOrganizationDto,
  ) {
    return this.organizations.update(actor, id, body);
  }

  @Post(':id/members')
  @ApiOperation({
    operationId: 'addMember',
    summary: 'Add a registered user as member or owner (owners, admins)',
  })
  @ApiProblems({ created: MemberResponseDto }, 400, 401, 403, 404, 409)
  addMember(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: AddMemberDto) {
    return this.organizations.addMember(actor, id, body);
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'removeMember',
    summary: 'Remove a member (owners, admins) or leave',
  })
  @ApiProblems({ noContent: true }, 400, 401, 403, 404, 409)
  async removeMember(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('userId') userId: string,
  ): Promise<void> {
    await this.organizations.removeMember(actor, id, userId);
  }

  @Post(':id/verify')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    operationId: 'verifyOrganization',
    summary: 'Mark as verified by the agency (admins)',
  })
  @ApiProblems({ ok: OrganizationResponseDto }, 400, 401, 403, 404)
  verify(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() body: VerifyOrganizationDto,
  ) {
    return this.organizations.verify(actor, id, body.verified);
  }
}
