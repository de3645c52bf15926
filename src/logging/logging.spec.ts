import type { IncomingMessage } from 'node:http';
import { routeOf } from './logging.module';

const withRoute = (path?: string) => ({ route: path === undefined ? undefined : { path } }) as unknown as IncomingMessage;

describe('routeOf', () => {
  it('is the declared route, with its parameters unfilled', () => {
    expect(routeOf(withRoute('/v1/services/:id'))).toBe('/v1/services/:id');
  });

  it('is (unmatched) without a route or for the catch-all', () => {
    expect(routeOf(withRoute())).toBe('(unmatched)');
    expect(routeOf(withRoute('{/*splat}'))).toBe('(unmatched)');
  });
});
