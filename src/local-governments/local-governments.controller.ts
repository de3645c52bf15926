import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { LocalGovernmentDto, LocalGovernmentPageDto, LocalGovernmentQuery } from './dto/local-government.dto';
import { LgCodePipe } from './lg-code.pipe';
import { LocalGovernmentsService } from './local-governments.service';

@ApiTags('local governments')
@Controller({ path: 'local-governments', version: '1' })
export class LocalGovernmentsController {
  constructor(private readonly localGovernments: LocalGovernmentsService) {}

  @Get()
  @ApiOkResponse({ type: LocalGovernmentPageDto, description: 'Ordered by code. Source: 総務省「全国地方公共団体コード」.' })
  list(@Query() query: LocalGovernmentQuery) { return this.localGovernments.list(query); }

  @Get(':code')
  @ApiOkResponse({ type: LocalGovernmentDto })
  @ApiBadRequestResponse({ description: 'Malformed code or wrong check digit.' })
  @ApiNotFoundResponse()
  get(@Param('code', new LgCodePipe()) code: string) { return this.localGovernments.get(code); }
}
