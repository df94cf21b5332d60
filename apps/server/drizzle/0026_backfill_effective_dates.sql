-- Effective dates of the records already on file (issue 13: figures as of a date). Dates are Beijing days.
-- Agreements every party confirmed: the day of the last confirmation, else the signing date.
UPDATE "agreements" a SET "agreed_on" = coalesce(
  (SELECT max(("confirmed_at" AT TIME ZONE 'Asia/Shanghai')::date) FROM "agreement_parties" p WHERE p."agreement_id" = a."id"),
  a."signing_date")
WHERE a."status" IN ('signed', 'active', 'expired', 'terminated') AND a."agreed_on" IS NULL;--> statement-breakpoint
-- Terminated without a recorded day: the day of the terminate event, else the last change.
UPDATE "agreements" a SET "terminated_on" = coalesce(
  (SELECT max(("at" AT TIME ZONE 'Asia/Shanghai')::date) FROM "agreement_events" e WHERE e."agreement_id" = a."id" AND e."action" = 'terminate'),
  (a."updated_at" AT TIME ZONE 'Asia/Shanghai')::date)
WHERE a."status" = 'terminated' AND a."terminated_on" IS NULL;--> statement-breakpoint
-- Stopped without a recorded day: the last change.
UPDATE "projects" SET "stopped_on" = ("updated_at" AT TIME ZONE 'Asia/Shanghai')::date WHERE "status" = 'stopped' AND "stopped_on" IS NULL;--> statement-breakpoint
-- Started: the start date (a stopped project is taken as started when its start date came before the stop).
UPDATE "projects" SET "started_on" = "start_date"
WHERE "started_on" IS NULL AND ("status" IN ('running', 'completed') OR ("status" = 'stopped' AND "start_date" < "stopped_on"));--> statement-breakpoint
UPDATE "projects" SET "completed_on" = greatest("start_date", ("updated_at" AT TIME ZONE 'Asia/Shanghai')::date) WHERE "status" = 'completed' AND "completed_on" IS NULL;
