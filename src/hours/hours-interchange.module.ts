import { Module } from '@nestjs/common';
import { LineServicesModule } from '../line-services/line-services.module';
import { HoursInterchangeController } from './hours-interchange.controller';
import { HoursInterchangeService } from './hours-interchange.service';

/** Hours read in the interchange forms (OSM opening_hours, schema.org); writes take opening_hours through the DTOs. */
@Module({
  imports: [LineServicesModule],
  controllers: [HoursInterchangeController],
  providers: [HoursInterchangeService],
})
export class HoursInterchangeModule {}
