import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { retryOnDeadlock } from './retry';

/**
 * Where services begin a transaction: they orchestrate, the repositories they hand the
 * EntityManager to hold the SQL. (Services never touch the DataSource themselves.)
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The same, run again when PostgreSQL breaks a deadlock (many-row statements). */
  runRetryingDeadlocks<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return retryOnDeadlock(() => this.dataSource.transaction(work));
  }
}
