CREATE TABLE "form_definitions" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"campaign_year" integer NOT NULL,
	"version" text NOT NULL,
	"definition" jsonb NOT NULL,
	"frozen_at" timestamp with time zone,
	"rev" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaigns" ALTER COLUMN "status" SET DEFAULT 'draft';--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "opens_on" date;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "status_reason" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "based_on_year" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "form_definitions_kind_version_key" ON "form_definitions" USING btree ("kind","version");--> statement-breakpoint
CREATE INDEX "form_definitions_year_idx" ON "form_definitions" USING btree ("campaign_year","kind");