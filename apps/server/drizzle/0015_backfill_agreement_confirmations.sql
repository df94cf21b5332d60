-- Agreements signed before every party had to confirm stay as they are: each of their parties counts as having
-- confirmed at the signing (the last sign event, else the signing date, else the last update).
UPDATE "agreement_parties" p
SET "confirmed_at" = coalesce(
  (SELECT max(e."at") FROM "agreement_events" e WHERE e."agreement_id" = a."id" AND e."action" = 'sign'),
  a."signing_date"::timestamptz,
  a."updated_at")
FROM "agreements" a
WHERE a."id" = p."agreement_id" AND a."status" IN ('signed', 'active', 'expired', 'terminated') AND p."confirmed_at" IS NULL;
--> statement-breakpoint
-- A terminated agreement's end day, for those terminated before the day was stored: its termination event.
UPDATE "agreements" a
SET "terminated_on" = (SELECT (max(e."at") AT TIME ZONE 'Asia/Shanghai')::date FROM "agreement_events" e WHERE e."agreement_id" = a."id" AND e."action" = 'terminate')
WHERE a."status" = 'terminated' AND a."terminated_on" IS NULL;
