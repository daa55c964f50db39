import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Public } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import { PageDto } from '../common/pagination/page';
import { UuidParam } from '../common/validation/uuid-param';
import { CreateVenueDto } from './dto/create-venue.dto';
import { UpdateVenueDto } from './dto/update-venue.dto';
import { VenueQueryDto } from './dto/venue-query.dto';
import { VenueResponseDto } from './dto/venue.response.dto';
import { VenuesService } from './venues.service';

@ApiTags('venues')
@Controller('venues')
export class VenuesController {
  constructor(private readonly venues: VenuesService) {}

  @Get()
  @Public()
  @ApiOperation({
    operationId: 'listVenues',
    summary: 'Find venues (those of verified organisations; members and admins also see their own)',
  })
  @ApiProblems({ page: VenueResponseDto }, 400)
  list(
    @CurrentActor() actor: Actor | undefined,
    @Query() query: VenueQueryDto,
  ): Promise<PageDto<VenueResponseDto>> {
    return this.venues.list(actor, query);
  }

  @Post()
  @ApiOperation({
    operationId: 'createVenue',
    summary: "Add a venue to an organisation (the organisation's members, admins)",
  })
  @ApiProblems({ created: VenueResponseDto }, 400, 401, 403, 404)
  create(@CurrentActor() actor: Actor, @Body() body: CreateVenueDto): Promise<VenueResponseDto> {
    return this.venues.create(actor, body);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ operationId: 'getVenue', summary: 'One venue' })
  @ApiProblems({ ok: VenueResponseDto }, 400, 404)
  get(
    @CurrentActor() actor: Actor | undefined,
    @UuidParam('id') id: string,
  ): Promise<VenueResponseDto> {
    return this.venues.visible(actor, id);
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateVenue',
    summary: 'Change a venue; only the fields sent (members of the owning organisation, admins)',
  })
  @ApiProblems({ ok: VenueResponseDto }, 400, 401, 403, 404)
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() body: UpdateVenueDto,
  ): Promise<VenueResponseDto> {
    return this.venues.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteVenue',
    summary: 'Delete a venue without rooms (members of the owning organisation, admins)',
  })
  @ApiProblems({ noContent: true }, 400, 401, 403, 404, 409)
  async remove(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<void> {
    await this.venues.remove(actor, id);
  }
}
