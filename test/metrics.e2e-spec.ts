import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { resetAppConfig } from '../src/config/app-config';
import { FINDING_KINDS, SEVERITIES } from '../src/gaps/gap-rules';
import { ALL_QUEUES } from '../src/jobs/jobs';
import { WorkerMetrics, metricsHandler } from '../src/metrics/worker-metrics';
import { bearer, createService, startApp, TestApp, tokenFor, UNKNOWN_ID } from './support/app';
import { startWorker, TestWorker, waitFor } from './support/worker';

const METRICS_TOKEN = 'metrics-e2e-token-0123456789';
const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

/**
 * On queues of the suite's own (QUEUE_PREFIX), so that its evaluations run in its own worker,
 * whose job and latency histograms the tests read; the database is the shared test database.
 */
describe('metrics', () => {
  const saved = { token: process.env.METRICS_TOKEN, prefix: process.env.QUEUE_PREFIX };
  let t: TestApp;
  let worker: TestWorker;

  const scrape = async (app = t) => {
    const res = await request(app.http).get('/metrics').set(bearer(METRICS_TOKEN)).expect(200);
    return parse(res.text);
  };

  /** Runs `work` on an app started with `env` added to the environment, then closes it. */
  const withApp = async (env: Record<string, string>, work: (app: TestApp) => Promise<void>) => {
    const before = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    resetAppConfig();
    const app = await startApp();
    try {
      await work(app);
    } finally {
      await app.close();
      Object.assign(process.env, before);
      resetAppConfig();
    }
  };

  beforeAll(() => {
    // Under the run's prefix, so that the global set-up empties these queues too (job ids restart with the database).
    process.env.QUEUE_PREFIX = `${saved.prefix ?? 'line-tracker-test'}:metrics`;
    process.env.METRICS_TOKEN = METRICS_TOKEN;
    resetAppConfig();
  });
  afterAll(() => {
    for (const [key, value] of [['METRICS_TOKEN', saved.token], ['QUEUE_PREFIX', saved.prefix]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    resetAppConfig();
  });

  // Each on an app of its own: a setting of its own, or a first scrape, which reads PostgreSQL afresh.
  describe('on apps of their own', () => {
    it('does not exist without METRICS_TOKEN: 404 like any unknown path, even with a token', async () => {
      await withApp({ METRICS_TOKEN: '' }, async (off) => {
        const res = await request(off.http).get('/metrics').set(bearer(METRICS_TOKEN)).expect(404);
        const unknown = await request(off.http).get('/no-such-path').expect(404);
        expect(res.body.message).toBe('Cannot GET /metrics');
        expect(unknown.body.message).toBe('Cannot GET /no-such-path');
      });
    });

    it('reports the age of the oldest outbox row not yet processed', async () => {
      // A row written half a second ago: relays only take rows older than a second, and the
      // first scrape of a new app reads the database afresh.
      await withApp({}, async (app) => {
        const [service] = await app.db.query(`SELECT id FROM line_services ORDER BY id LIMIT 1`);
        await app.db.query(`INSERT INTO evaluation_requests (service_id, created_at) VALUES ($1, now() - interval '500 milliseconds')`, [service.id]);
        const [age] = find(await scrape(app), 'line_tracker_outbox_oldest_unprocessed_age_seconds');
        expect(age.value).toBeGreaterThanOrEqual(0.5);
      });
    });
  });

  describe('on one app and a worker', () => {
    beforeAll(async () => {
      t = await startApp();
      worker = await startWorker();
    });
    afterAll(async () => {
      await worker?.close();
      await t?.close();
    });

    it('answers 401 without the token or with a wrong one, and Prometheus text with it', async () => {
      await request(t.http).get('/metrics').expect(401);
      await request(t.http).get('/metrics').set(bearer(`${METRICS_TOKEN}x`)).expect(401);
      await request(t.http).get('/metrics').set({ Authorization: METRICS_TOKEN }).expect(401);
      const res = await request(t.http).get('/metrics').set(bearer(METRICS_TOKEN)).expect(200);
      expect(res.headers['content-type']).toBe(PROMETHEUS_TEXT);
      const samples = parse(res.text);
      // prom-client's process metrics, under the tracker's prefix.
      expect(find(samples, 'line_tracker_process_resident_memory_bytes')[0]?.value).toBeGreaterThan(0);
      expect(find(samples, 'line_tracker_nodejs_eventloop_lag_seconds')).toHaveLength(1);
    });

    it('is neither in the OpenAPI document nor counted by the rate limit', async () => {
      const doc = await request(t.http).get('/docs-json').expect(200);
      expect(Object.keys(doc.body.paths).filter((p) => p.includes('metrics'))).toEqual([]);
      const res = await request(t.http).get('/metrics').set(bearer(METRICS_TOKEN)).expect(200);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    });

    it('times requests by method, route pattern and status, including those the handler writes itself and those refused', async () => {
      for (let i = 0; i < 3; i++) await request(t.http).get('/v1/availability').query({ localGovernment: '011011' }).expect(200);
      await request(t.http).get(`/v1/services/${UNKNOWN_ID}`).expect(404);
      await request(t.http).get(`/v1/no-such/${UNKNOWN_ID}`).expect(404);
      await request(t.http).get('/v1/gaps').expect(401);
      await request(t.http).get('/').expect(200);
      const samples = await scrape();
      const count = (route: string, status: string) => find(samples, 'http_request_duration_seconds_count', { method: 'GET', route, status })[0]?.value;
      expect(count('/v1/availability', '200')).toBeGreaterThanOrEqual(3);
      expect(count('/v1/services/:id', '404')).toBeGreaterThanOrEqual(1);
      expect(count('unmatched', '404')).toBeGreaterThanOrEqual(1);
      expect(count('/v1/gaps', '401')).toBeGreaterThanOrEqual(1);
      expect(count('/', '200')).toBeGreaterThanOrEqual(1);
      expect(find(samples, 'http_request_duration_seconds_bucket', { route: '/v1/availability', status: '200', le: '+Inf' })[0].value).toBe(count('/v1/availability', '200'));
      const routes = new Set(find(samples, 'http_request_duration_seconds_count').map((s) => s.labels.route));
      for (const route of routes) expect(route).not.toContain(UNKNOWN_ID);
      // Nor the catch-all route the timing middleware is mounted as.
      for (const route of routes) expect(route).not.toContain('*');
    });

    it('reports the depth of every queue in every state', async () => {
      const samples = await scrape();
      for (const queue of ALL_QUEUES) {
        for (const state of ['waiting', 'active', 'delayed', 'failed']) {
          expect(find(samples, 'line_tracker_queue_jobs', { queue, state })).toEqual([expect.objectContaining({ value: expect.any(Number) })]);
        }
      }
    });

    it('counts open findings by kind and severity as the database does, and times the change to its finding and the jobs in the worker', async () => {
      const osaka = await tokenFor(t, 'prefecture', '27');
      const service = await createService(t, osaka, '271004', { category: 'consultation', audiences: ['children'] });
      await request(t.http).post(`/v1/services/${service.id}/status-changes`).set(bearer(osaka)).send({ status: 'suspended', reason: 'test' }).expect(201);
      await waitFor(async () => {
        const [row] = await t.db.query(`SELECT 1 FROM findings WHERE service_id = $1 AND kind = 'no_alternative' AND resolved_at IS NULL`, [service.id]);
        return row;
      });

      // The gauge is read at most every few seconds, and other suites write too: wait until a
      // scrape agrees with the database read just before and just after it.
      const counts = async () => {
        const rows: { kind: string; severity: string; count: number }[] = await t.db.query(
          `SELECT kind, severity, count(*)::int AS count FROM findings WHERE resolved_at IS NULL GROUP BY kind, severity`,
        );
        const all: Record<string, number> = {};
        for (const kind of FINDING_KINDS) for (const severity of SEVERITIES) all[`${kind}/${severity}`] = 0;
        for (const r of rows) all[`${r.kind}/${r.severity}`] = r.count;
        return all;
      };
      const agreed = await waitFor(
        async () => {
          const before = await counts();
          const gauge = Object.fromEntries(find(await scrape(), 'line_tracker_open_findings').map((s) => [`${s.labels.kind}/${s.labels.severity}`, s.value]));
          const after = await counts();
          return JSON.stringify(before) === JSON.stringify(after) && JSON.stringify(gauge) === JSON.stringify(before) ? gauge : undefined;
        },
        15_000,
        250,
      );
      expect(Object.keys(agreed)).toHaveLength(FINDING_KINDS.length * SEVERITIES.length);
      expect(agreed['no_alternative/critical']).toBeGreaterThanOrEqual(1);

      const workerMetrics = worker.context.get(WorkerMetrics);
      const samples = parse(await workerMetrics.registry.metrics());
      expect(find(samples, 'line_tracker_change_to_finding_seconds_count')[0].value).toBeGreaterThanOrEqual(1);
      // Well under the largest bucket: the finding followed its change within seconds.
      expect(find(samples, 'line_tracker_change_to_finding_seconds_bucket', { le: '10' })[0].value).toBeGreaterThanOrEqual(1);
      expect(find(samples, 'line_tracker_job_duration_seconds_count', { queue: 'evaluation', job: 'evaluate', outcome: 'completed' })[0]?.value).toBeGreaterThanOrEqual(1);
    });

    it('serves the worker\'s metrics through metricsHandler on any node:http server, behind the same token', async () => {
      const registry = worker.context.get(WorkerMetrics).registry;
      const server: Server = createServer(metricsHandler(registry, METRICS_TOKEN));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        await request(url).get('/metrics').expect(401);
        await request(url).get('/other').set(bearer(METRICS_TOKEN)).expect(404);
        const res = await request(url).get('/metrics').set(bearer(METRICS_TOKEN)).expect(200);
        expect(res.headers['content-type']).toBe(PROMETHEUS_TEXT);
        expect(find(parse(res.text), 'line_tracker_process_resident_memory_bytes')[0]?.value).toBeGreaterThan(0);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
      const off = createServer(metricsHandler(registry, ''));
      await new Promise<void>((resolve) => off.listen(0, '127.0.0.1', resolve));
      try {
        await request(`http://127.0.0.1:${(off.address() as AddressInfo).port}`).get('/metrics').set(bearer(METRICS_TOKEN)).expect(404);
      } finally {
        await new Promise((resolve) => off.close(resolve));
      }
    });
  });
});
