import { Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { AvailabilityController } from './availability.controller';
import { AvailabilityRepository } from './availability.repository';
import { AvailabilityService } from './availability.service';

/** Builds the index as the API starts, so that the first question does not wait for it. */
@Injectable()
export class AvailabilityWarmUp implements OnApplicationBootstrap {
  constructor(private readonly availability: AvailabilityService) {}

  onApplicationBootstrap(): void {
    this.availability.warmUp();
  }
}

/**
 * The availability core without its endpoints and without building the index at start: the
 * worker's (the webhooks' suggested alternatives), which builds it on its first question
 * only, so that a worker that sends none holds no index. One instance per process.
 */
@Module({ providers: [AvailabilityRepository, AvailabilityService], exports: [AvailabilityService] })
export class AvailabilityCoreModule {}

/** The API's: the endpoints, the index built at start, and AvailabilityService for the pages and the gaps. */
@Module({ imports: [AvailabilityCoreModule], controllers: [AvailabilityController], providers: [AvailabilityWarmUp], exports: [AvailabilityCoreModule] })
export class AvailabilityModule {}
