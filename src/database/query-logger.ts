import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

interface DriverErrorFields {
  code?: string;
  constraint?: string;
  table?: string;
  driverError?: DriverErrorFields;
}

/**
 * What can be said about a failed statement without its data: the SQLSTATE, and the
 * constraint and table PostgreSQL names. PostgreSQL's message and detail are left out: they
 * can quote the values (`Key (name)=(…) already exists`, `invalid input syntax for type uuid: "…"`).
 */
export function describeQueryError(error: unknown): string {
  const outer = (error ?? {}) as DriverErrorFields;
  const fields = outer.driverError ?? outer;
  const code = fields.code ?? outer.code;
  if (!code) return error instanceof Error ? error.name : 'unknown error';
  const where = [fields.constraint && `constraint ${fields.constraint}`, fields.table && `table ${fields.table}`].filter(Boolean).join(', ');
  return `SQLSTATE ${code}${where ? ` (${where})` : ''}`;
}

/**
 * TypeORM's log through the process's logger (pino in the API and the worker), at the level
 * LOG_LEVEL allows. Parameters are never logged: they carry what users typed. A failed
 * statement is a warning naming its SQLSTATE; its SQL text follows at debug.
 */
export class QueryLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('TypeORM');

  logQuery(): void {
    // Every statement would be one line: not even at debug.
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.warn(`query failed: ${describeQueryError(error)}`);
    this.logger.debug(`failed query: ${oneLine(query)}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${oneLine(query)}`);
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(): void {
    // The migration CLI and the test set-up report what they applied themselves.
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}

function oneLine(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().slice(0, 2000);
}
