import type { Job } from 'bullmq';
import { QueryFailedError } from 'typeorm';
import { describeJobError, jobLine } from './job-log';

describe('jobLine', () => {
  it('has the job name, id, attempt, duration and outcome, and none of its data', () => {
    const job = { name: 'evaluate', id: 'eval-42', attemptsMade: 2, processedOn: 1000, finishedOn: 1250, data: { serviceId: 'secret' }, opts: { attempts: 5 } } as unknown as Job;
    const line = jobLine('evaluation', job, 'retrying', new Error('receiver answered 500'));
    expect(line).toEqual({ queue: 'evaluation', job: 'evaluate', jobId: 'eval-42', attempt: 2, durationMs: 250, outcome: 'retrying', error: 'receiver answered 500' });
    expect(JSON.stringify(line)).not.toContain('secret');
  });

  it('names a database error by SQLSTATE, not by its message', () => {
    const error = new QueryFailedError('SELECT', ['x'], Object.assign(new Error('invalid input syntax for type uuid: "x"'), { code: '22P02' }));
    expect(describeJobError(error)).toBe('SQLSTATE 22P02');
  });
});
