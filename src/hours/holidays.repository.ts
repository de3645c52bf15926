import { Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { publicHolidays } from './opening';

/**
 * The database's copy of the public holidays (public_holidays, read by hours_windows()) is
 * the @holiday-jp/holiday_jp data that TypeScript evaluates with: the migration copies it
 * and every start of the API and of the worker brings it up to date, so a newer package
 * (a holiday added by law, a new year of data) reaches SQL without a migration.
 */
@Injectable()
export class HolidaysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Makes public_holidays hold exactly the package's holidays; returns how many rows changed. */
  async sync(): Promise<number> {
    const holidays = publicHolidays();
    const [rows] = await this.dataSource.query(
      `WITH package AS (SELECT * FROM unnest($1::date[], $2::text[]) AS p(day, name)),
            upserted AS (
              INSERT INTO public_holidays (day, name) SELECT day, name FROM package
              ON CONFLICT (day) DO UPDATE SET name = excluded.name WHERE public_holidays.name <> excluded.name
              RETURNING 1),
            deleted AS (
              DELETE FROM public_holidays h WHERE NOT EXISTS (SELECT 1 FROM package p WHERE p.day = h.day)
              RETURNING 1)
       SELECT (SELECT count(*) FROM upserted) + (SELECT count(*) FROM deleted) AS changed`,
      [holidays.map((h) => h.date), holidays.map((h) => h.name)],
    );
    return Number(rows.changed);
  }
}

@Injectable()
class HolidaySync implements OnApplicationBootstrap {
  private readonly logger = new Logger('Holidays');

  constructor(private readonly holidays: HolidaysRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    const changed = await this.holidays.sync();
    if (changed) this.logger.log(`public_holidays brought up to date: ${changed} rows changed`);
  }
}

/** The public holidays in the database kept equal to the package's, at start. */
@Module({ providers: [HolidaysRepository, HolidaySync], exports: [HolidaysRepository] })
export class HolidaysModule {}
