import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';

/**
 * docker-compose.yml must keep `docker compose up --scale api=3 --scale worker=2` working:
 * there is no Docker on the machines that run the tests, so these rules are read from the
 * file itself (js-yaml, with its merge tag so that `<<` keys resolve as Compose does).
 */
interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  container_name?: string;
  ports?: unknown[];
  expose?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
}

const root = join(__dirname, '..');
const compose = load(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { schema: CORE_SCHEMA.withTags(mergeTag) }) as { services: Record<string, Service> };
const { api, worker, proxy } = compose.services;

describe('docker-compose.yml, scaled', () => {
  it('lets the API and the worker scale: no container name, no host port', () => {
    for (const service of [api, worker]) {
      expect(service.container_name).toBeUndefined();
      expect(service.ports).toBeUndefined();
    }
  });

  it('publishes one port on the host, the proxy\'s', () => {
    const published = Object.entries(compose.services).filter(([, service]) => service.ports?.length);
    expect(published.map(([name]) => name)).toEqual(['proxy']);
    expect(proxy.ports).toHaveLength(1);
    expect(String(proxy.ports![0])).toMatch(/:80$/);
  });

  it('puts the proxy in front of every API replica, through Docker\'s DNS', () => {
    expect(proxy.image).toMatch(/^caddy:2/);
    expect(proxy.depends_on?.api).toEqual({ condition: 'service_healthy' });
    const mount = proxy.volumes?.find((v) => v.endsWith(':/etc/caddy/Caddyfile:ro'));
    expect(mount).toBeDefined();
    const caddyfile = readFileSync(join(root, mount!.split(':')[0]), 'utf8');
    // A dynamic A-record upstream: every address of the service "api", refreshed, so each
    // replica gets traffic (a static `api:3000` would be one upstream, the first address).
    const dynamic = /dynamic a \{\s*name (\S+)\s*port (\d+)\s*refresh (\S+)/.exec(caddyfile);
    expect(dynamic?.slice(1, 3)).toEqual(['api', api.environment!.PORT]);
    expect(api.expose).toEqual([api.environment!.PORT]);
    expect(caddyfile).toMatch(/lb_policy \S+/);
  });

  it('gives the API and the worker the same database, Redis and queue prefix (the queues they share)', () => {
    for (const key of ['DATABASE_URL', 'REDIS_URL', 'QUEUE_PREFIX', 'NODE_ENV']) {
      expect(api.environment?.[key]).toBeDefined();
      expect(worker.environment?.[key]).toBe(api.environment?.[key]);
    }
    // Behind exactly one proxy: the API trusts one hop of X-Forwarded-For.
    expect(api.environment?.TRUST_PROXY).toBe('1');
  });

  it('runs the built entry points, from one image', () => {
    expect(api.image).toBe(worker.image);
    expect(api.command).toBeUndefined(); // the Dockerfile's CMD: dist/src/main.js with the heap flags
    expect(worker.command).toEqual(['node', 'dist/src/worker.js']);
    for (const entry of ['main.ts', 'worker.ts']) expect(existsSync(join(root, 'src', entry))).toBe(true);
  });

  it('checks the health of the API, the proxy and the engines', () => {
    expect(api.healthcheck?.test.join(' ')).toContain('/health/live');
    expect(compose.services.worker.healthcheck?.test.join(' ')).toContain('127.0.0.1:3001/health/ready');
    for (const service of [proxy, compose.services.postgres, compose.services.redis]) expect(service.healthcheck?.test.length).toBeGreaterThan(1);
    expect(api.depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' }, redis: { condition: 'service_healthy' } });
  });
});
