ALTER TABLE "agreements" ADD COLUMN "agreed_on" date;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "started_on" date;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "completed_on" date;