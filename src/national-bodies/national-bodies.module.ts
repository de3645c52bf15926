import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { NationalBodiesRepository } from './national-bodies.repository';

export class NationalBodyDto {
  @ApiProperty({ example: 'mhlw' }) code: string;
  @ApiProperty({ example: '厚生労働省' }) name: string;
  @ApiProperty({ example: 'Ministry of Health, Labour and Welfare' }) nameEn: string;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
}

class NationalBodyListDto {
  @ApiProperty({ type: [NationalBodyDto] }) items: NationalBodyDto[];
}

@Injectable()
export class NationalBodiesService {
  constructor(private readonly nationalBodies: NationalBodiesRepository) {}

  async list(): Promise<NationalBodyListDto> {
    return { items: await this.nationalBodies.list() };
  }
}

@ApiTags('national bodies')
@Controller({ path: 'national-bodies', version: '1' })
export class NationalBodiesController {
  constructor(private readonly nationalBodies: NationalBodiesService) {}

  @Get()
  @ApiOkResponse({ type: NationalBodyListDto })
  list() { return this.nationalBodies.list(); }
}

@Module({ controllers: [NationalBodiesController], providers: [NationalBodiesRepository, NationalBodiesService] })
export class NationalBodiesModule {}
