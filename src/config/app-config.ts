import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, Min, MinLength, ValidateBy, ValidateIf, validateSync } from 'class-validator';
import { parseTrustProxy, TrustProxy, trustProxyProblem } from '../common/trust-proxy';
import type { StalePolicy } from '../gaps/gap-rules';

/** Nest's log levels, most severe first: LOG_LEVEL names the least severe one logged. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

const toBoolean = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : ['1', 'true', 'yes'].includes(String(value).toLowerCase());

/**
 * Every setting the processes read, validated once at boot. A missing or malformed
 * setting stops the process with one message that names it.
 */
export class AppConfig {
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/line_tracker';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'log';

  @Matches(/^\d+(b|kb|mb)$/i, { message: 'BODY_LIMIT must look like 100kb or 1mb' })
  BODY_LIMIT = '256kb';

  @Matches(/^\d+(b|kb|mb)$/i, { message: 'IMPORT_BODY_LIMIT must look like 20mb' })
  IMPORT_BODY_LIMIT = '20mb';

  /** Requests per minute per client address, counted across all API instances (in Redis). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 600;

  /** Comma-separated origins allowed by CORS; empty disables CORS headers. */
  @IsString()
  CORS_ORIGINS = '';

  /** The proxies in front of the API: a hop count (1) or their addresses (10.0.0.0/8,172.16.0.5); empty for none. */
  @IsTrustProxy()
  TRUST_PROXY = '';

  /** Prefix of every BullMQ key, so two deployments (or the tests) can share one Redis. */
  @Matches(/^[A-Za-z0-9:_-]{1,64}$/, { message: 'QUEUE_PREFIX must be 1-64 letters, digits, colons, dashes or underscores' })
  QUEUE_PREFIX = 'line-tracker';

  /** How often the sweep recomputes every finding. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1000)
  SWEEP_INTERVAL_MS = 300_000;

  /** stale_record: how many days a service may go unverified (src/gaps/gap-rules.ts). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(3650)
  STALE_AFTER_DAYS = 90;

  /** The same for life-critical consultation services and services for children (URGENT_REVIEW); never longer than STALE_AFTER_DAYS. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(3650)
  @ValidateBy({
    name: 'notLongerThanStaleAfterDays',
    validator: {
      validate: (value, args) => typeof value === 'number' && value <= (args?.object as AppConfig).STALE_AFTER_DAYS,
      defaultMessage: () => 'STALE_AFTER_DAYS_URGENT must not be longer than STALE_AFTER_DAYS',
    },
  })
  STALE_AFTER_DAYS_URGENT = 30;

  /** How often the outbox relay re-enqueues work that could not be enqueued (Redis was away). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  RELAY_INTERVAL_MS = 2000;

  /** Whether webhook URLs may point at loopback or private addresses (tests, local set-ups). */
  @Transform(toBoolean)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE = false;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(20)
  WEBHOOK_MAX_ATTEMPTS = 8;

  /** First retry delay; each next one doubles. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(10)
  WEBHOOK_BACKOFF_MS = 2000;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  WEBHOOK_TIMEOUT_MS = 5000;

  /** A subscription pauses itself after this many deliveries in a row failed every attempt. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  WEBHOOK_PAUSE_AFTER = 5;

  /**
   * How long a worker's hold on a job lasts without renewal (BullMQ's lockDuration), and how
   * often workers look for jobs whose holder died (stalledInterval). A killed worker's jobs
   * come back after about the sum. The defaults are BullMQ's; tests shorten them.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(500)
  WORKER_LOCK_DURATION_MS = 30_000;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(500)
  WORKER_STALLED_INTERVAL_MS = 30_000;

  /**
   * The bearer token Prometheus sends to GET /metrics (and to the worker's metrics port).
   * Unset: /metrics answers 404, as if it did not exist.
   */
  @ValidateIf((config: AppConfig) => config.METRICS_TOKEN !== '')
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters (or unset, which turns /metrics off)' })
  METRICS_TOKEN = '';

  /** The port on which each worker serves its own /metrics (job durations); 0 serves none. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_METRICS_PORT = 0;

  /** Writes (POST, PATCH, PUT, DELETE with a bearer token) per minute per token, counted across all API instances. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  RATE_LIMIT_WRITES_PER_MINUTE = 600;

  /** `json` (one JSON object a line, for log collectors) or `pretty` (for people; needs the dev dependencies, as in `npm run demo`). */
  @IsIn(['json', 'pretty'])
  LOG_FORMAT: 'json' | 'pretty' = 'json';

  /** The worker's probe port (/health/live, /health/ready); 0 turns it off. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HEALTH_PORT = 3001;

  /** What express' `trust proxy` is given (never blanket trust). */
  get trustProxy(): TrustProxy {
    return parseTrustProxy(this.TRUST_PROXY);
  }

  /** The levels a Nest logger prints at LOG_LEVEL (the API and the worker alike). */
  get logLevels(): LogLevel[] {
    return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(this.LOG_LEVEL) + 1);
  }

  /** stale_record's policy, as the gap rules take it. */
  get stalePolicy(): StalePolicy {
    return { days: this.STALE_AFTER_DAYS, urgentDays: this.STALE_AFTER_DAYS_URGENT };
  }

  get corsOrigins(): string[] {
    return this.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  }
}

function IsTrustProxy(): PropertyDecorator {
  return ValidateBy({ name: 'isTrustProxy', validator: { validate: (value) => trustProxyProblem(value) === null, defaultMessage: (args) => `TRUST_PROXY ${trustProxyProblem(args?.value)}` } });
}

export function validateConfig(env: Record<string, unknown>): AppConfig {
  const known = Object.keys(new AppConfig());
  const given = Object.fromEntries(known.filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k]]));
  const config = plainToInstance(AppConfig, given, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `  - ${e.property}: ${m}`));
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}

let cached: AppConfig | undefined;

/** The validated configuration of this process (read from the environment once). */
export function appConfig(): AppConfig {
  cached ??= validateConfig(process.env);
  return cached;
}

/** For tests that change the environment between app instances. */
export function resetAppConfig(): void {
  cached = undefined;
}
