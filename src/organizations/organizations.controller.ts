import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../access/actor';
import { Authenticated, CurrentActor } from '../access/auth.guard';
import { CreateOrganizationDto, OrganizationDto, OrganizationPageDto, OrganizationQuery, UpdateOrganizationDto } from './dto/organization.dto';
import { OrganizationCodePipe } from './organization-code.pipe';
import { OrganizationsService } from './organizations.service';

@ApiTags('organizations')
@ApiBadRequestResponse({ description: 'Bad input; details name each field.' })
@Controller({ path: 'organizations', version: '1' })
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @Authenticated()
  @ApiCreatedResponse({ type: OrganizationDto, description: 'Registers an organisation other than a government (認定NPO法人 and the like) as an operator. Ministry only.' })
  @ApiConflictResponse({ description: 'The code is taken (by another organisation or a national body).' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateOrganizationDto) { return this.organizations.create(actor, dto); }

  @Get()
  @ApiOkResponse({ type: OrganizationPageDto, description: 'Ordered by code.' })
  list(@Query() query: OrganizationQuery) { return this.organizations.list(query); }

  @Get(':code')
  @ApiOkResponse({ type: OrganizationDto, description: 'With its coverage and its services.' })
  @ApiNotFoundResponse()
  get(@Param('code', new OrganizationCodePipe()) code: string) { return this.organizations.get(code); }

  @Patch(':code')
  @Authenticated()
  @ApiOkResponse({ type: OrganizationDto, description: 'The ministry, or an npo token scoped to this organisation. A coverage sent replaces the one held.' })
  @ApiNotFoundResponse()
  update(@CurrentActor() actor: Actor, @Param('code', new OrganizationCodePipe()) code: string, @Body() dto: UpdateOrganizationDto) { return this.organizations.update(actor, code, dto); }
}
