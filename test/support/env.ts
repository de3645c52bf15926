// Every e2e worker talks to the test database, never the development one.
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/line_tracker_test';

process.env.DATABASE_URL = TEST_DATABASE_URL;
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'fatal';
// Queues of their own, so a development worker on the same Redis never takes test jobs.
process.env.QUEUE_PREFIX = process.env.QUEUE_PREFIX ?? 'line-tracker-test';
process.env.WEBHOOK_ALLOW_PRIVATE = 'true';
process.env.RELAY_INTERVAL_MS = '500';
process.env.WEBHOOK_BACKOFF_MS = '200';
process.env.WEBHOOK_MAX_ATTEMPTS = '4';
process.env.RATE_LIMIT_PER_MINUTE = process.env.RATE_LIMIT_PER_MINUTE ?? '1000000';
process.env.RATE_LIMIT_WRITES_PER_MINUTE = process.env.RATE_LIMIT_WRITES_PER_MINUTE ?? '1000000';
// Workers started by the tests serve no probe port unless a test asks for one (they would all want 3001).
process.env.WORKER_HEALTH_PORT = process.env.WORKER_HEALTH_PORT ?? '0';
