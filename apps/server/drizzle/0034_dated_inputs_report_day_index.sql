DROP INDEX "progress_reports_accepted_decided_idx";--> statement-breakpoint
ALTER TABLE "campaign_quotas" DROP CONSTRAINT "campaign_quotas_pkey";--> statement-breakpoint
ALTER TABLE "region_key_industries" DROP CONSTRAINT "region_key_industries_pkey";--> statement-breakpoint
ALTER TABLE "campaign_quotas" ADD COLUMN "id" serial PRIMARY KEY NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_quotas" ADD COLUMN "valid_from" date;--> statement-breakpoint
ALTER TABLE "campaign_quotas" ADD COLUMN "valid_to" date;--> statement-breakpoint
ALTER TABLE "campaign_quotas" ADD COLUMN "reason" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_quotas" ADD COLUMN "changed_by" integer;--> statement-breakpoint
ALTER TABLE "region_key_industries" ADD COLUMN "id" serial PRIMARY KEY NOT NULL;--> statement-breakpoint
ALTER TABLE "region_key_industries" ADD COLUMN "valid_from" date;--> statement-breakpoint
ALTER TABLE "region_key_industries" ADD COLUMN "valid_to" date;--> statement-breakpoint
ALTER TABLE "region_key_industries" ADD COLUMN "reason" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "region_key_industries" ADD COLUMN "changed_by" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_quotas_open_idx" ON "campaign_quotas" USING btree ("campaign_id","region_code") WHERE "campaign_quotas"."valid_to" is null;--> statement-breakpoint
CREATE INDEX "progress_reports_decided_day_idx" ON "progress_reports" USING btree (coalesce("decided_at", "submitted_at")) WHERE "progress_reports"."state" in ('accepted', 'returned');--> statement-breakpoint
CREATE UNIQUE INDEX "region_key_industries_open_idx" ON "region_key_industries" USING btree ("region_code","industry_code") WHERE "region_key_industries"."valid_to" is null;--> statement-breakpoint
ALTER TABLE "campaign_quotas" ADD CONSTRAINT "campaign_quotas_period_check" CHECK ("campaign_quotas"."valid_to" is null or "campaign_quotas"."valid_from" is null or "campaign_quotas"."valid_to" > "campaign_quotas"."valid_from");--> statement-breakpoint
ALTER TABLE "region_key_industries" ADD CONSTRAINT "region_key_industries_period_check" CHECK ("region_key_industries"."valid_to" is null or "region_key_industries"."valid_from" is null or "region_key_industries"."valid_to" > "region_key_industries"."valid_from");