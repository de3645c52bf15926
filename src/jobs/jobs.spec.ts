import type { Queue } from 'bullmq';
import { delayUntilPassed, Enqueuer } from './enqueuer';
import { ALL_QUEUES, JOB_QUEUE, type JobOf, JobName, jobIds, type ProducerQueue, QueueName, type Queues, unknownJob } from './jobs';

/** Queues that record what they are given, with no Redis. */
function fakeQueues() {
  const added: { queue: string; name: string; data: unknown }[] = [];
  const queue = (name: QueueName) =>
    ({
      name,
      add: async (job: string, data: unknown) => void added.push({ queue: name, name: job, data }),
      addBulk: async (jobs: { name: string; data: unknown }[]) => void jobs.forEach((job) => added.push({ queue: name, name: job.name, data: job.data })),
    }) as unknown as Queue;
  const queues = Object.fromEntries(ALL_QUEUES.map((name) => [name, queue(name)])) as Queues;
  return { queues, added };
}

describe('jobs', () => {
  it('lists every queue of the enum, each with a job', () => {
    expect(ALL_QUEUES).toEqual([QueueName.Evaluation, QueueName.Maintenance, QueueName.Webhooks]);
    expect(new Set(Object.values(JOB_QUEUE))).toEqual(new Set(ALL_QUEUES));
    expect(Object.keys(JOB_QUEUE).sort()).toEqual(Object.values(JobName).sort());
  });

  it('puts each job on its queue', async () => {
    const { queues, added } = fakeQueues();
    const enqueuer = new Enqueuer(queues);
    expect(await enqueuer.add(JobName.Evaluate, { serviceId: 's1' }, { jobId: 'a' })).toBe(true);
    expect(await enqueuer.bulk(JobName.Dispatch, [{ data: { eventId: 'e1' }, opts: { jobId: 'b' } }])).toBe(true);
    expect(await enqueuer.add(JobName.Deliver, { eventId: 'e1', subscriptionId: 'w1' }, {})).toBe(true);
    expect(await enqueuer.add(JobName.Sweep, {}, {})).toBe(true);
    expect(added).toEqual([
      { queue: QueueName.Evaluation, name: JobName.Evaluate, data: { serviceId: 's1' } },
      { queue: QueueName.Webhooks, name: JobName.Dispatch, data: { eventId: 'e1' } },
      { queue: QueueName.Webhooks, name: JobName.Deliver, data: { eventId: 'e1', subscriptionId: 'w1' } },
      { queue: QueueName.Maintenance, name: JobName.Sweep, data: {} },
    ]);
  });

  it('names a channel boundary\'s evaluation by channel, edge and instant, and never runs it early', () => {
    expect(jobIds.boundary('c1', 'until', new Date(1_000))).toBe('boundary-c1-until-1000');
    expect(jobIds.boundary('c1', 'from', new Date(1_000))).not.toBe(jobIds.boundary('c1', 'from', new Date(2_000)));
    expect(delayUntilPassed(new Date(5_000), 1_000)).toBe(4_001);
    expect(delayUntilPassed(new Date(500), 1_000)).toBe(0);
  });

  it('names the queue and job it does not know', () => {
    expect(unknownJob(QueueName.Webhooks, { name: 'retired' }).message).toBe('unknown webhooks job retired');
  });

  // Checked by the compiler (npm run typecheck): each line below must fail to compile, or
  // its @ts-expect-error is itself an error. The function is never called.
  it('refuses a wrong payload at compile time', () => {
    const wrong = (enqueuer: Enqueuer, webhooks: ProducerQueue<QueueName.Webhooks>, job: JobOf<QueueName.Webhooks>) => {
      // @ts-expect-error a dispatch carries an event id, not a service id
      void enqueuer.add(JobName.Dispatch, { serviceId: 's1' }, {});
      // @ts-expect-error a delivery needs its subscription
      void enqueuer.add(JobName.Deliver, { eventId: 'e1' }, {});
      // @ts-expect-error the sweep carries nothing
      void enqueuer.add(JobName.Sweep, { serviceId: 's1' }, {});
      // @ts-expect-error every job of a bulk has the payload of its name
      void enqueuer.bulk(JobName.Evaluate, [{ data: { eventId: 'e1' }, opts: {} }]);
      // @ts-expect-error an evaluation does not go to the webhooks queue
      void webhooks.add(JobName.Evaluate, { serviceId: 's1' });
      // @ts-expect-error nor in bulk
      void webhooks.addBulk([{ name: JobName.Deliver, data: { eventId: 'e1' } }]);
      // @ts-expect-error the webhooks processor never receives an evaluation
      if (job.name === JobName.Evaluate) return;
      // Told apart by name, each job has its own payload.
      if (job.name === JobName.Deliver) return job.data.subscriptionId;
      // @ts-expect-error a dispatch has no subscription
      return job.data.subscriptionId;
    };
    expect(wrong).toBeInstanceOf(Function);
  });
});
