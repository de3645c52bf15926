import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { EventsRepository } from '../notifications/events.repository';
import { Enqueuer } from '../jobs/enqueuer';
import { type JobOf, QueueName, workerTimings } from '../jobs/jobs';
import { EngineOutcome, GapsEngine } from './gaps-engine';

/** Evaluates one service, then hands its new events (including the API's) to the webhooks queue. */
@Processor(QueueName.Evaluation, { concurrency: 4, ...workerTimings() })
export class EvaluationProcessor extends WorkerHost {
  private readonly logger = new Logger('Evaluation');

  constructor(
    private readonly engine: GapsEngine,
    private readonly enqueuer: Enqueuer,
    private readonly events: EventsRepository,
  ) {
    super();
  }

  /** Connection errors while Redis is away: BullMQ reconnects by itself; the relay catches up. */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.logger.debug(`${error.message}`);
  }

  async process(job: JobOf<QueueName.Evaluation>): Promise<Omit<EngineOutcome, 'eventIds'>> {
    const { eventIds, ...outcome } = await this.engine.evaluate(job.data.serviceId);
    const pending = await this.events.undispatchedOf(job.data.serviceId);
    await this.enqueuer.dispatch([...new Set([...eventIds, ...pending])]);
    return outcome;
  }
}
