CREATE TABLE "project_people" (
	"project_id" integer NOT NULL,
	"kind" text NOT NULL,
	"pos" integer NOT NULL,
	"id_key" text NOT NULL,
	"name" text NOT NULL,
	"title" text NOT NULL,
	"school_org_id" integer,
	"region_code" text NOT NULL,
	"project_status" text NOT NULL,
	"live" boolean NOT NULL,
	"term_start" text,
	"term_end" text,
	"key_specialty" boolean,
	"backbone" boolean,
	"start_date" text,
	"days" integer,
	CONSTRAINT "project_people_pkey" PRIMARY KEY("project_id","kind","pos")
);
--> statement-breakpoint
CREATE TABLE "project_report_totals" (
	"project_id" integer NOT NULL,
	"year" integer NOT NULL,
	"person_times" numeric DEFAULT 0 NOT NULL,
	"reports" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "project_report_totals_pkey" PRIMARY KEY("project_id","year")
);
--> statement-breakpoint
CREATE INDEX "project_people_kind_school_idx" ON "project_people" USING btree ("kind","school_org_id");--> statement-breakpoint
CREATE INDEX "projects_year_region_school_idx" ON "projects" USING btree ("campaign_year","region_code","school_org_id") WHERE "projects"."deleted_at" is null;
--> statement-breakpoint
-- Kept in the same transaction as every change to progress_reports (statement-level, over the changed rows only),
-- so the dashboard's year total reads one row per project. Rows are upserted in key order: two transactions
-- touching the same projects lock them in the same order and cannot deadlock each other.
CREATE FUNCTION "project_report_totals_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO project_report_totals AS t (project_id, year, person_times, reports)
      SELECT project_id, left(period, 4)::int, -sum(CASE WHEN metrics->>'personTimes' ~ '^-?[0-9]+(\.[0-9]+)?$' THEN (metrics->>'personTimes')::numeric ELSE 0 END), -count(*)::int
      FROM old_rows WHERE state IN ('submitted', 'accepted') AND period ~ '^[0-9]{4}-' GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (project_id, year) DO UPDATE SET person_times = t.person_times + excluded.person_times, reports = t.reports + excluded.reports;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO project_report_totals AS t (project_id, year, person_times, reports)
      SELECT project_id, left(period, 4)::int, sum(CASE WHEN metrics->>'personTimes' ~ '^-?[0-9]+(\.[0-9]+)?$' THEN (metrics->>'personTimes')::numeric ELSE 0 END), count(*)::int
      FROM new_rows WHERE state IN ('submitted', 'accepted') AND period ~ '^[0-9]{4}-' GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (project_id, year) DO UPDATE SET person_times = t.person_times + excluded.person_times, reports = t.reports + excluded.reports;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "progress_reports_totals_ins" AFTER INSERT ON "progress_reports" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "project_report_totals_apply"();
--> statement-breakpoint
CREATE TRIGGER "progress_reports_totals_upd" AFTER UPDATE ON "progress_reports" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "project_report_totals_apply"();
--> statement-breakpoint
CREATE TRIGGER "progress_reports_totals_del" AFTER DELETE ON "progress_reports" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "project_report_totals_apply"();
--> statement-breakpoint
-- Reports already on file when this migration runs.
INSERT INTO project_report_totals (project_id, year, person_times, reports)
  SELECT project_id, left(period, 4)::int, sum(CASE WHEN metrics->>'personTimes' ~ '^-?[0-9]+(\.[0-9]+)?$' THEN (metrics->>'personTimes')::numeric ELSE 0 END), count(*)::int
  FROM progress_reports WHERE state IN ('submitted', 'accepted') AND period ~ '^[0-9]{4}-' GROUP BY 1, 2;
--> statement-breakpoint
-- One project's people as project_people rows. Casts are guarded: the trigger must never refuse a project write that
-- the application accepted (its schemas check the real fields); a value that is not a number or date is stored empty.
CREATE FUNCTION "project_people_of"(p_id int, p_type text, p_data jsonb, p_school int, p_region text, p_status text, p_live boolean) RETURNS SETOF "project_people" LANGUAGE sql IMMUTABLE AS $$
  SELECT p_id, 'mentor', (m.ord - 1)::int, coalesce(m.v->>'idKey', ''), coalesce(m.v->>'name', ''), coalesce(m.v->>'title', ''),
         p_school, p_region, p_status, p_live, m.v->>'termStart', m.v->>'termEnd', NULL::boolean, NULL::boolean, NULL::text, NULL::int
  FROM jsonb_array_elements(CASE WHEN p_type = 'mentor' AND jsonb_typeof(p_data->'mentors') = 'array' THEN p_data->'mentors' ELSE '[]'::jsonb END) WITH ORDINALITY m(v, ord)
  UNION ALL
  SELECT p_id, 'teacher', (t.ord - 1)::int, coalesce(t.v->>'idKey', ''), coalesce(t.v->>'name', ''), '',
         p_school, p_region, p_status, p_live, NULL, NULL, (t.v->>'keySpecialty') = 'true', (t.v->>'backbone') = 'true', t.v->>'startDate',
         CASE WHEN t.v->>'days' ~ '^[0-9]{1,9}$' THEN (t.v->>'days')::int END
  FROM jsonb_array_elements(CASE WHEN p_type = 'teacher_practice' AND jsonb_typeof(p_data->'teachers') = 'array' THEN p_data->'teachers' ELSE '[]'::jsonb END) WITH ORDINALITY t(v, ord)
$$;
--> statement-breakpoint
CREATE FUNCTION "project_people_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM project_people WHERE project_id IN (SELECT id FROM old_rows);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO project_people SELECT x.* FROM new_rows n CROSS JOIN LATERAL project_people_of(n.id, n.type, n.data, n.school_org_id, n.region_code, n.status, n.deleted_at IS NULL) x;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "projects_people_ins" AFTER INSERT ON "projects" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "project_people_sync"();
--> statement-breakpoint
CREATE TRIGGER "projects_people_upd" AFTER UPDATE ON "projects" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "project_people_sync"();
--> statement-breakpoint
CREATE TRIGGER "projects_people_del" AFTER DELETE ON "projects" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "project_people_sync"();
--> statement-breakpoint
-- Projects already on file when this migration runs.
INSERT INTO project_people SELECT x.* FROM projects p CROSS JOIN LATERAL project_people_of(p.id, p.type, p.data, p.school_org_id, p.region_code, p.status, p.deleted_at IS NULL) x;
