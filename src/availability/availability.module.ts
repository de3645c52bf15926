import { Module } from '@nestjs/common';
import { AvailabilityController } from './availability.controller';
import { AvailabilityRepository } from './availability.repository';
import { AvailabilityService } from './availability.service';

/** Exports AvailabilityService for the pages, which show its answers (one index in memory per process). */
@Module({ controllers: [AvailabilityController], providers: [AvailabilityRepository, AvailabilityService], exports: [AvailabilityService] })
export class AvailabilityModule {}
