import { Queue } from 'bullmq';
import { Client } from 'pg';
import { QueueName } from '../src/jobs/jobs';
import { log, nowMs, sleep, summarize, Summary } from './util';

export interface ChangeGapResult {
  changes: number;
  lanes: number;
  /** From the API's response to the open no_alternative finding being visible in PostgreSQL. */
  latency: Summary;
  /** The POST itself. */
  post: Summary;
  timedOut: number;
  failedPosts: number;
  seconds: number;
  /** The slowest changes: when (s from the start of this part), the latency and the POST's time. */
  slowest: { atS: number; latencyMs: number; postMs: number }[];
}

const POLL_MS = 5;
const POLL_LIMIT_MS = 10_000;

/**
 * Suspends active services that have no valid channel, through the API, with a token of
 * their prefecture; for each, polls the findings table until the open no_alternative
 * finding the worker should open appears (every 5 ms, at most 10 s).
 */
export async function measureChangeToGap(
  apiBase: string,
  databaseUrl: string,
  admin: Client,
  prefectureTokens: Map<string, string>,
  count = 500,
  lanes = 4,
): Promise<ChangeGapResult> {
  const { rows: targets } = await admin.query<{ id: string; prefecture_code: string }>(
    `SELECT s.id, s.prefecture_code FROM line_services s
      WHERE s.current_status = 'active' AND s.local_government_code IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM fallback_channels c WHERE c.service_id = s.id
                           AND (c.valid_from IS NULL OR c.valid_from <= now()) AND (c.valid_until IS NULL OR c.valid_until > now()))
        AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.service_id = s.id AND f.resolved_at IS NULL AND f.kind <> 'stale_record')
        AND NOT EXISTS (SELECT 1 FROM status_changes p WHERE p.service_id = s.id AND p.effective_at > now())
      ORDER BY md5(s.id::text) LIMIT $1`,
    [count],
  );
  if (targets.length < count) log(`only ${targets.length} services fit the change→gap measurement`);
  const latencies: number[] = [];
  const posts: number[] = [];
  const samples: { atS: number; latencyMs: number; postMs: number }[] = [];
  let timedOut = 0;
  let failedPosts = 0;
  let next = 0;
  const started = nowMs();

  const lane = async () => {
    const poller = new Client({ connectionString: databaseUrl, application_name: 'line-tracker-bench-poll' });
    await poller.connect();
    try {
      while (next < targets.length) {
        const target = targets[next++];
        const token = prefectureTokens.get(target.prefecture_code)!;
        const sent = nowMs();
        const response = await fetch(`${apiBase}/v1/services/${target.id}/status-changes`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ status: 'suspended', reason: 'ベンチマーク: 停止' }),
        });
        const text = await response.text();
        const answered = nowMs();
        posts.push(answered - sent);
        if (response.status !== 201) {
          failedPosts++;
          if (failedPosts <= 3) log(`POST status-changes ${response.status}: ${text.slice(0, 300)}`);
          continue;
        }
        let seen = false;
        while (nowMs() - answered < POLL_LIMIT_MS) {
          const { rowCount } = await poller.query(
            `SELECT 1 FROM findings WHERE service_id = $1 AND kind = 'no_alternative' AND resolved_at IS NULL`,
            [target.id],
          );
          if (rowCount) {
            seen = true;
            break;
          }
          await sleep(POLL_MS);
        }
        if (seen) {
          latencies.push(nowMs() - answered);
          samples.push({ atS: Math.round(answered - started) / 1000, latencyMs: Math.round(nowMs() - answered), postMs: Math.round(answered - sent) });
        } else timedOut++;
      }
    } finally {
      await poller.end();
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  const result = {
    changes: targets.length,
    lanes,
    latency: summarize(latencies),
    post: summarize(posts),
    timedOut,
    failedPosts,
    seconds: Math.round((nowMs() - started) / 100) / 10,
    slowest: samples.sort((a, b) => b.latencyMs - a.latencyMs).slice(0, 10),
  };
  log(`change→gap: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms over ${latencies.length} (${timedOut} timed out, ${failedPosts} failed posts); POST p50 ${result.post.p50} ms`);
  return result;
}

/**
 * Which evaluations the worker ran, by kind of job id: the API's outbox requests (eval-*)
 * and the ones its relay added for changes that came due (scheduled-*).
 */
export async function evaluationJobsByKind(redisUrl: string, queuePrefix: string): Promise<Record<string, number>> {
  const evaluation = new Queue(QueueName.Evaluation, { connection: { url: redisUrl }, prefix: queuePrefix });
  try {
    const jobs = await evaluation.getJobs(['completed', 'failed', 'active', 'waiting', 'delayed'], 0, 20_000);
    const byKind: Record<string, number> = {};
    for (const job of jobs) {
      const kind = String(job.id ?? '').replace(/-.*$/, '');
      byKind[kind] = (byKind[kind] ?? 0) + 1;
    }
    log(`evaluation jobs during change→gap: ${JSON.stringify(byKind)}`);
    return byKind;
  } finally {
    await evaluation.close();
  }
}
