-- Organisations' region and flags history (issue 13): one open row per organisation already on file, reaching back
-- to the beginning (valid_from null), with today's values.
INSERT INTO "org_region_history" ("org_id", "region_code", "runs_programmes", "full_time_programmes", "national_integrated", "national_integrated_done", "is_key", "reason", "created_at")
SELECT "id", "region_code", "runs_programmes", "full_time_programmes", "national_integrated", "national_integrated_done", "is_key", '初始记录', "created_at" FROM "orgs";--> statement-breakpoint
-- Every organisation created later (service, import, seed, tests, benches) gets its open row in the same statement:
-- a figure as of a past day must find a row for every organisation.
CREATE OR REPLACE FUNCTION org_history_first_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "org_region_history" ("org_id", "region_code", "runs_programmes", "full_time_programmes", "national_integrated", "national_integrated_done", "is_key", "reason", "created_at")
  SELECT n."id", n."region_code", n."runs_programmes", n."full_time_programmes", n."national_integrated", n."national_integrated_done", n."is_key", '初始记录', n."created_at" FROM new_orgs n;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER orgs_history_first_row AFTER INSERT ON "orgs" REFERENCING NEW TABLE AS new_orgs FOR EACH STATEMENT EXECUTE FUNCTION org_history_first_row();
