import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<NationalBodyListDto> {
    const items: NationalBodyDto[] = await this.dataSource.query(`SELECT code, name, name_en AS "nameEn", notes FROM national_bodies ORDER BY code`);
    return { items };
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

@Module({ controllers: [NationalBodiesController], providers: [NationalBodiesService] })
export class NationalBodiesModule {}
