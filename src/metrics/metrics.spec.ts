import { validateConfig } from '../config/app-config';
import { metricsAccess, routeLabel, UNMATCHED_ROUTE } from './metrics';

describe('routeLabel', () => {
  const id = '3f0c2a9e-6d1b-4c57-9a0e-2b7d8c1e4f60';

  it('is the pattern Express matched, never the URL with its ids, codes or query', () => {
    const req = { route: { path: '/v1/services/:id/gaps' }, originalUrl: `/v1/services/${id}/gaps?state=open`, url: `/v1/services/${id}/gaps` };
    expect(routeLabel(req)).toBe('/v1/services/:id/gaps');
    expect(routeLabel({ route: { path: '/v1/local-governments/:code/services' }, originalUrl: '/v1/local-governments/271004/services' } as never)).not.toContain('271004');
  });

  it('is one shared label when no route matched, whatever the URL', () => {
    expect(routeLabel({ originalUrl: `/v1/no-such/${id}` } as never)).toBe(UNMATCHED_ROUTE);
    expect(routeLabel({ route: undefined })).toBe(UNMATCHED_ROUTE);
    // A route defined by a regular expression has no readable pattern: not its URL either.
    expect(routeLabel({ route: { path: /^\/v1\/x\/\d+$/ } })).toBe(UNMATCHED_ROUTE);
  });

  it('is not the catch-all route the timing middleware was mounted as', () => {
    const catchAll = { path: '{*path}' };
    expect(routeLabel({ route: catchAll }, catchAll)).toBe(UNMATCHED_ROUTE);
    expect(routeLabel({ route: { path: '/v1/availability' } }, catchAll)).toBe('/v1/availability');
  });
});

describe('metricsAccess', () => {
  const token = 'a-metrics-token-0123456789';

  it('answers 404 when no token is configured, whatever is sent', () => {
    expect(metricsAccess('', undefined)).toBe(404);
    expect(metricsAccess('', `Bearer ${token}`)).toBe(404);
  });

  it('answers 401 without the exact bearer token, 200 with it', () => {
    expect(metricsAccess(token, undefined)).toBe(401);
    expect(metricsAccess(token, token)).toBe(401);
    expect(metricsAccess(token, `Bearer ${token}x`)).toBe(401);
    expect(metricsAccess(token, `Bearer ${token.slice(0, -1)}`)).toBe(401);
    expect(metricsAccess(token, `Basic ${token}`)).toBe(401);
    expect(metricsAccess(token, `Bearer ${token}`)).toBe(200);
    expect(metricsAccess(token, `bearer  ${token}`)).toBe(200);
  });
});

describe('metrics settings', () => {
  it('refuses a short METRICS_TOKEN by name, and takes none (metrics off) or a long one', () => {
    expect(() => validateConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(validateConfig({}).METRICS_TOKEN).toBe('');
    expect(validateConfig({ METRICS_TOKEN: 'a-long-enough-token-0123' }).METRICS_TOKEN).toBe('a-long-enough-token-0123');
  });

  it('takes WORKER_METRICS_PORT as a port number, 0 (none) by default', () => {
    expect(validateConfig({}).WORKER_METRICS_PORT).toBe(0);
    expect(validateConfig({ WORKER_METRICS_PORT: '9464' }).WORKER_METRICS_PORT).toBe(9464);
    expect(() => validateConfig({ WORKER_METRICS_PORT: 'http' })).toThrow(/WORKER_METRICS_PORT/);
  });
});
