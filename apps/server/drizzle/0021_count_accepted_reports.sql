-- Issue 13: person-times count when the bureau accepts the report, not when it is submitted (a submitted report is a
-- claim nobody has checked yet). Same function as migration 0010 with 'accepted' only; the triggers call it by name.
CREATE OR REPLACE FUNCTION "project_report_totals_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO project_report_totals AS t (project_id, year, person_times, reports)
      SELECT project_id, left(period, 4)::int, -sum(CASE WHEN metrics->>'personTimes' ~ '^-?[0-9]+(\.[0-9]+)?$' THEN (metrics->>'personTimes')::numeric ELSE 0 END), -count(*)::int
      FROM old_rows WHERE state = 'accepted' AND period ~ '^[0-9]{4}-' GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (project_id, year) DO UPDATE SET person_times = t.person_times + excluded.person_times, reports = t.reports + excluded.reports;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO project_report_totals AS t (project_id, year, person_times, reports)
      SELECT project_id, left(period, 4)::int, sum(CASE WHEN metrics->>'personTimes' ~ '^-?[0-9]+(\.[0-9]+)?$' THEN (metrics->>'personTimes')::numeric ELSE 0 END), count(*)::int
      FROM new_rows WHERE state = 'accepted' AND period ~ '^[0-9]{4}-' GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (project_id, year) DO UPDATE SET person_times = t.person_times + excluded.person_times, reports = t.reports + excluded.reports;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DELETE FROM project_report_totals;
--> statement-breakpoint
-- Reports already on file when this migration runs: the accepted ones, summed again.
INSERT INTO project_report_totals (project_id, year, person_times, reports)
  SELECT project_id, left(period, 4)::int, sum(CASE WHEN metrics->>'personTimes' ~ '^-?[0-9]+(\.[0-9]+)?$' THEN (metrics->>'personTimes')::numeric ELSE 0 END), count(*)::int
  FROM progress_reports WHERE state = 'accepted' AND period ~ '^[0-9]{4}-' GROUP BY 1, 2;
