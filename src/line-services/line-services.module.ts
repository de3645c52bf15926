import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { GapsModule } from '../gaps/gaps.module';
import { FallbackChannelsService } from './fallback-channels.service';
import { FallbackChannelsController, LineServicesController } from './line-services.controller';
import { LineServicesRepository } from './line-services.repository';
import { LineServicesService } from './line-services.service';
import { ServiceWrites } from './service-writes';
import { StatusChangesService } from './status-changes.service';

@Module({
  imports: [AccessModule, GapsModule],
  controllers: [LineServicesController, FallbackChannelsController],
  providers: [LineServicesRepository, ServiceWrites, LineServicesService, StatusChangesService, FallbackChannelsService],
  exports: [LineServicesRepository, ServiceWrites, StatusChangesService, FallbackChannelsService],
})
export class LineServicesModule {}
