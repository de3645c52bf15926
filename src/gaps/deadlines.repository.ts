import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { stalePolicyDaysSql, staleSinceSql } from './gap-rules';

/** An instant at which a service's findings change with time alone (gap-rules.ts). */
export interface Deadline {
  serviceId: string;
  /** stale: the record becomes stale; switch_day: its transition's switch day begins. */
  reason: 'stale' | 'switch_day';
  at: Date;
}

/**
 * The instants, from a minute ago to ten minutes ahead, at which a finding comes due with
 * time rather than with a write: a record going stale, a transition's switch day beginning.
 * The worker refreshes them every 30 s and gives each a delayed evaluation (jobIds.deadline),
 * so they show at their instant, not at the next sweep; the minute behind covers a Redis
 * that came back empty. Both conditions are index ranges (migration 1765130000000).
 */
@Injectable()
export class DeadlinesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  upcoming(): Promise<Deadline[]> {
    const { days, urgentDays } = this.config.stalePolicy;
    const verifiedSince = 'coalesce(s.last_verified_at, s.created_at)';
    // The record's base instant falls in the window shifted back by one of the policies; the exact staleSince decides.
    const near = (d: number) => `${verifiedSince} BETWEEN now() - make_interval(hours => 24 * ${d}) - interval '1 minute' AND now() - make_interval(hours => 24 * ${d}) + interval '10 minutes'`;
    return this.dataSource.query(
      `SELECT * FROM (
         SELECT s.id AS "serviceId", 'stale' AS reason, ${staleSinceSql('s.last_verified_at', 's.created_at', stalePolicyDaysSql('s', this.config.stalePolicy))} AS at
           FROM line_services s
          WHERE s.current_status IN ('active', 'suspended') AND (${near(days)} OR ${near(urgentDays)})
       ) stale
        WHERE at BETWEEN now() - interval '1 minute' AND now() + interval '10 minutes'
       UNION ALL
       SELECT s.id, 'switch_day', hours_day_start(s.transition_switch_on)
         FROM line_services s
        WHERE s.transition_switch_on BETWEEN hours_tokyo_day(now() - interval '1 minute') AND hours_tokyo_day(now() + interval '10 minutes')
          AND hours_day_start(s.transition_switch_on) BETWEEN now() - interval '1 minute' AND now() + interval '10 minutes'
          AND s.transition_stop_on < s.transition_switch_on`,
    );
  }
}
