CREATE TABLE "org_region_history" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"region_code" text NOT NULL,
	"runs_programmes" boolean NOT NULL,
	"full_time_programmes" boolean NOT NULL,
	"national_integrated" boolean NOT NULL,
	"national_integrated_done" boolean NOT NULL,
	"is_key" boolean NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"reason" text DEFAULT '' NOT NULL,
	"changed_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "org_region_history" ADD CONSTRAINT "org_region_history_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "org_region_history_org_idx" ON "org_region_history" USING btree ("org_id","valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "org_region_history_open_key" ON "org_region_history" USING btree ("org_id") WHERE valid_to is null;