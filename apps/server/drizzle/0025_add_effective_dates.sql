ALTER TABLE "agreements" ADD COLUMN "agreed_on" date;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "started_on" date;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "completed_on" date;--> statement-breakpoint
CREATE INDEX "progress_reports_accepted_decided_idx" ON "progress_reports" USING btree ("decided_at") WHERE "progress_reports"."state" = 'accepted';