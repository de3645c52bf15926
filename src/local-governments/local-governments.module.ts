import { Module } from '@nestjs/common';
import { LocalGovernmentsController } from './local-governments.controller';
import { LocalGovernmentsRepository } from './local-governments.repository';
import { LocalGovernmentsService } from './local-governments.service';

@Module({
  controllers: [LocalGovernmentsController],
  providers: [LocalGovernmentsService, LocalGovernmentsRepository],
  exports: [LocalGovernmentsRepository],
})
export class LocalGovernmentsModule {}
