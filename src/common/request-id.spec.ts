import type { IncomingMessage, ServerResponse } from 'node:http';
import { assignRequestId } from './request-id';

function exchange(header?: string) {
  const headers: Record<string, string> = {};
  const req = { headers: header === undefined ? {} : { 'x-request-id': header } } as unknown as IncomingMessage;
  const res = { headersSent: false, setHeader: (name: string, value: string) => (headers[name] = value) } as unknown as ServerResponse;
  return { req, res, headers };
}

describe('assignRequestId', () => {
  it('keeps a short id of safe characters and echoes it', () => {
    const { req, res, headers } = exchange('lb-7f3a.2:x_y');
    expect(assignRequestId(req, res)).toBe('lb-7f3a.2:x_y');
    expect(headers['X-Request-Id']).toBe('lb-7f3a.2:x_y');
  });

  it.each([['a'.repeat(129)], ['two words'], ['line\nbreak'], ['"quoted"'], ['']])('replaces %j with a new one', (incoming) => {
    const { req, res, headers } = exchange(incoming);
    const id = assignRequestId(req, res);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers['X-Request-Id']).toBe(id);
  });

  it('gives the same id when asked twice for one request (middleware, then pino)', () => {
    const { req, res } = exchange();
    expect(assignRequestId(req, res)).toBe(assignRequestId(req, res));
  });
});
