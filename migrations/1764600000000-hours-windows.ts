import holidayJp from '@holiday-jp/holiday_jp';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hours as real windows in SQL: hours_windows(hours, from, to) is the PostgreSQL evaluator of
 * the hours defined in src/hours/hours.ts (closures, special openings, seasons, monthly
 * rules, last intake, holidays), the twin of CompiledHours in src/hours/opening.ts; a
 * property test holds the two to the same answers (test/hours-agreement.e2e-spec.ts).
 *
 * Public holidays come from the same @holiday-jp/holiday_jp package as TypeScript's, copied
 * into public_holidays here and brought up to date at every start (HolidaysRepository.sync).
 *
 * The week-minute ranges of 1764200000000 (line_hours_week, hours_week, hours_multirange)
 * knew neither dates nor holidays: hours_not_covered now compares concrete windows over a
 * rolling horizon instead, so they are dropped.
 */
export class HoursWindows1764600000000 implements MigrationInterface {
  name = 'HoursWindows1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE public_holidays (day date PRIMARY KEY, name text NOT NULL)`);
    const holidays = Object.entries(holidayJp.holidays);
    await q.query(`INSERT INTO public_holidays (day, name) SELECT * FROM unnest($1::date[], $2::text[])`, [
      holidays.map(([date]) => date),
      holidays.map(([, holiday]) => holiday.name),
    ]);

    // Tokyo is UTC+9 all year since 1951; TypeScript uses the same fixed offset.
    await q.query(`
      CREATE FUNCTION hours_tokyo_day(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT ((t AT TIME ZONE 'UTC') + interval '9 hours')::date
      $$`);
    await q.query(`
      CREATE FUNCTION hours_day_start(d date) RETURNS timestamptz LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT (d - interval '9 hours') AT TIME ZONE 'UTC'
      $$`);
    // A range's end, or its last intake, in minutes from its day's midnight (rangeMinutes in hours.ts).
    await q.query(`
      CREATE FUNCTION hours_range_end(r jsonb, intake boolean) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT m + CASE WHEN m <= hours_minutes(r->>'start') THEN 1440 ELSE 0 END
          FROM (SELECT hours_minutes(CASE WHEN intake AND r ? 'lastIntake' THEN r->>'lastIntake' ELSE r->>'end' END) AS m) x
      $$`);

    /*
     * The windows in which hours are open within [lo, hi) (with `intake`, in which a new
     * consultation can start), merged: NULL when the hours are unknown (NULL or the `days`
     * form). The day plans follow hours.ts rule by rule: special openings, closures, public
     * holidays, then the base ranges (the seasons' holding the day, else the regular ones)
     * and the monthly rules.
     *
     * PL/pgSQL, not SQL: the same logic as one SQL statement took the planner ~1.7 s to plan
     * (inlined CTEs within CTEs), in every statement that called it. Here the hours are
     * unpacked once into arrays by two statements whose plans the session keeps, and the days
     * are a loop of arithmetic on them: ~0.3 ms for five weeks of office hours.
     */
    await q.query(`
      CREATE FUNCTION hours_windows(h jsonb, lo timestamptz, hi timestamptz, intake boolean DEFAULT false)
      RETURNS tstzmultirange LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
      DECLARE
        rule text := h->>'publicHolidays';
        -- Every range, of every part: src r(egular), s(eason), o (special opening), m(onthly);
        -- idx the season's or special opening's position; wd ISO weekday (Monday 1, Sunday 7).
        rg_src text[]; rg_idx int[]; rg_wd int[]; rg_week int[]; rg_start int[]; rg_end int[];
        -- Every date span: kind c(losure), s(eason), o (special opening); keys as dateKey (hours.ts).
        sp_kind text[]; sp_idx int[]; sp_yearly boolean[]; sp_from int[]; sp_to int[];
        holidays date[] := '{}';
        d date; last_day date; day_start timestamptz; md int; ymd int; wd int; base_wd int; dom int; month_days int;
        holiday boolean; closed boolean; held_o int[]; held_s int[]; take boolean; holds boolean;
        opens timestamptz; closes timestamptz; o_arr timestamptz[] := '{}'; c_arr timestamptz[] := '{}';
      BEGIN
        IF h IS NULL OR h->>'type' = 'days' THEN RETURN NULL; END IF;
        IF lo >= hi THEN RETURN '{}'; END IF;
        IF h->>'type' = 'always' THEN RETURN tstzmultirange(tstzrange(lo, hi)); END IF;

        SELECT array_agg(src), array_agg(idx), array_agg(array_position(ARRAY['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], r->>'day')),
               array_agg((r->>'week')::int), array_agg(hours_minutes(r->>'start')), array_agg(hours_range_end(r, intake))
          INTO rg_src, rg_idx, rg_wd, rg_week, rg_start, rg_end
          FROM (SELECT 'r' AS src, 0::bigint AS idx, r FROM jsonb_array_elements(h->'ranges') r
                UNION ALL
                SELECT 's', e.i, r FROM jsonb_array_elements(coalesce(h->'seasons', '[]')) WITH ORDINALITY e (v, i), jsonb_array_elements(e.v->'ranges') r
                UNION ALL
                SELECT 'o', e.i, r FROM jsonb_array_elements(coalesce(h->'specialOpenings', '[]')) WITH ORDINALITY e (v, i), jsonb_array_elements(e.v->'ranges') r
                UNION ALL
                SELECT 'm', e.i, e.v FROM jsonb_array_elements(coalesce(h->'monthly', '[]')) WITH ORDINALITY e (v, i)) parts;
        SELECT array_agg(kind), array_agg(i), array_agg(coalesce(v->>'yearly' = 'true', false)),
               array_agg(replace(v->>'from', '-', '')::int), array_agg(replace(coalesce(v->>'to', v->>'from'), '-', '')::int)
          INTO sp_kind, sp_idx, sp_yearly, sp_from, sp_to
          FROM (SELECT 'c' AS kind, e.i, e.v FROM jsonb_array_elements(coalesce(h->'closures', '[]')) WITH ORDINALITY e (v, i)
                UNION ALL
                SELECT 's', e.i, e.v FROM jsonb_array_elements(coalesce(h->'seasons', '[]')) WITH ORDINALITY e (v, i)
                UNION ALL
                SELECT 'o', e.i, e.v FROM jsonb_array_elements(coalesce(h->'specialOpenings', '[]')) WITH ORDINALITY e (v, i)) spans;

        -- Ranges start on the day before lo at the earliest that reach into it (ends up to 48:00).
        d := hours_tokyo_day(lo) - 1;
        last_day := hours_tokyo_day(hi);
        IF rule <> 'as_usual' THEN
          SELECT coalesce(array_agg(day), '{}') INTO holidays FROM public_holidays WHERE day BETWEEN d AND last_day;
        END IF;

        WHILE d <= last_day LOOP
          md := extract(month FROM d)::int * 100 + extract(day FROM d)::int;
          ymd := extract(year FROM d)::int * 10000 + md;
          closed := false; held_o := '{}'; held_s := '{}';
          FOR k IN 1 .. coalesce(cardinality(sp_kind), 0) LOOP
            IF sp_yearly[k] THEN
              holds := CASE WHEN sp_from[k] <= sp_to[k] THEN md BETWEEN sp_from[k] AND sp_to[k] ELSE md >= sp_from[k] OR md <= sp_to[k] END;
            ELSE
              holds := ymd BETWEEN sp_from[k] AND sp_to[k];
            END IF;
            IF holds THEN
              IF sp_kind[k] = 'o' THEN held_o := held_o || sp_idx[k];
              ELSIF sp_kind[k] = 's' THEN held_s := held_s || sp_idx[k];
              ELSE closed := true;
              END IF;
            END IF;
          END LOOP;
          holiday := rule <> 'as_usual' AND d = ANY (holidays);
          wd := extract(isodow FROM d)::int;
          base_wd := CASE WHEN holiday THEN 7 ELSE wd END;
          dom := extract(day FROM d)::int;
          month_days := extract(day FROM date_trunc('month', d) + interval '1 month - 1 day')::int;
          day_start := (d - interval '9 hours') AT TIME ZONE 'UTC';
          FOR k IN 1 .. coalesce(cardinality(rg_src), 0) LOOP
            IF cardinality(held_o) > 0 THEN
              take := rg_src[k] = 'o' AND rg_idx[k] = ANY (held_o);
            ELSIF closed OR (holiday AND rule = 'closed') THEN
              take := false;
            ELSIF rg_src[k] = 'r' THEN
              take := cardinality(held_s) = 0 AND rg_wd[k] = base_wd;
            ELSIF rg_src[k] = 's' THEN
              take := rg_wd[k] = base_wd AND rg_idx[k] = ANY (held_s);
            ELSIF rg_src[k] = 'm' THEN
              take := NOT holiday AND rg_wd[k] = wd AND (rg_week[k] = (dom + 6) / 7 OR (rg_week[k] = -1 AND dom + 7 > month_days));
            ELSE
              take := false;
            END IF;
            IF take THEN
              opens := greatest(lo, day_start + rg_start[k] * interval '1 minute');
              closes := least(hi, day_start + rg_end[k] * interval '1 minute');
              IF opens < closes THEN
                o_arr := o_arr || opens;
                c_arr := c_arr || closes;
              END IF;
            END IF;
          END LOOP;
          d := d + 1;
        END LOOP;
        RETURN (SELECT coalesce(range_agg(tstzrange(o, c)), '{}') FROM unnest(o_arr, c_arr) AS u (o, c));
      END
      $$`);

    await q.query(`ALTER TABLE fallback_channels DROP COLUMN hours_week`);
    await q.query(`ALTER TABLE line_services DROP COLUMN line_hours_week`);
    await q.query(`DROP FUNCTION hours_multirange(jsonb)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION hours_multirange(h jsonb) RETURNS int4multirange LANGUAGE sql IMMUTABLE AS $$
        WITH spans AS (
          SELECT d.idx * 1440 + hours_minutes(r->>'start') AS lo,
                 d.idx * 1440 + hours_minutes(r->>'end')
                   + CASE WHEN hours_minutes(r->>'end') <= hours_minutes(r->>'start') THEN 1440 ELSE 0 END AS hi
            FROM jsonb_array_elements(CASE WHEN h->>'type' = 'weekly' THEN h->'ranges' ELSE '[]'::jsonb END) r
            JOIN (VALUES ('mon', 0), ('tue', 1), ('wed', 2), ('thu', 3), ('fri', 4), ('sat', 5), ('sun', 6)) d(day, idx) ON d.day = r->>'day'
        )
        SELECT CASE
          WHEN h IS NULL THEN NULL
          WHEN h->>'type' = 'always' THEN '{[0,10080)}'::int4multirange
          ELSE (SELECT coalesce(range_agg(piece), '{}'::int4multirange)
                  FROM (SELECT int4range(lo, least(hi, 10080)) AS piece FROM spans
                        UNION ALL
                        SELECT int4range(0, hi - 10080) FROM spans WHERE hi > 10080) pieces)
        END
      $$`);
    await q.query(`ALTER TABLE line_services ADD COLUMN line_hours_week int4multirange GENERATED ALWAYS AS (hours_multirange(line_hours)) STORED`);
    await q.query(`ALTER TABLE fallback_channels ADD COLUMN hours_week int4multirange GENERATED ALWAYS AS (hours_multirange(hours)) STORED`);
    await q.query(`DROP FUNCTION hours_windows(jsonb, timestamptz, timestamptz, boolean)`);
    await q.query(`DROP FUNCTION hours_range_end(jsonb, boolean)`);
    await q.query(`DROP FUNCTION hours_day_start(date)`);
    await q.query(`DROP FUNCTION hours_tokyo_day(timestamptz)`);
    await q.query(`DROP TABLE public_holidays`);
  }
}
