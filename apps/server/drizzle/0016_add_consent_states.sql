CREATE TABLE "org_change_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"region_code" text NOT NULL,
	"field" text NOT NULL,
	"old_value" text NOT NULL,
	"new_value" text NOT NULL,
	"reason" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"decision_note" text,
	"requested_by" integer NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "event_meetings_school_slot_key";--> statement-breakpoint
DROP INDEX "event_meetings_enterprise_slot_key";--> statement-breakpoint
ALTER TABLE "event_meetings" ADD COLUMN "state" text DEFAULT 'accepted' NOT NULL;--> statement-breakpoint
ALTER TABLE "event_meetings" ADD COLUMN "requested_by_org_id" integer;--> statement-breakpoint
ALTER TABLE "event_meetings" ADD COLUMN "decline_reason" text;--> statement-breakpoint
ALTER TABLE "event_meetings" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "internships" ADD COLUMN "state" text DEFAULT 'confirmed' NOT NULL;--> statement-breakpoint
ALTER TABLE "internships" ADD COLUMN "awaiting_side" text;--> statement-breakpoint
ALTER TABLE "internships" ADD COLUMN "decline_reason" text;--> statement-breakpoint
ALTER TABLE "internships" ADD COLUMN "decided_by" integer;--> statement-breakpoint
ALTER TABLE "internships" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "org_change_requests" ADD CONSTRAINT "org_change_requests_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "org_change_requests_region_state_idx" ON "org_change_requests" USING btree ("region_code","state");--> statement-breakpoint
CREATE UNIQUE INDEX "org_change_requests_open_key" ON "org_change_requests" USING btree ("org_id","field") WHERE state = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "event_meetings_request_key" ON "event_meetings" USING btree ("event_id","slot_start","school_org_id","enterprise_org_id") WHERE state = 'requested';--> statement-breakpoint
CREATE UNIQUE INDEX "event_meetings_school_slot_key" ON "event_meetings" USING btree ("event_id","slot_start","school_org_id") WHERE state = 'accepted';--> statement-breakpoint
CREATE UNIQUE INDEX "event_meetings_enterprise_slot_key" ON "event_meetings" USING btree ("event_id","slot_start","enterprise_org_id") WHERE state = 'accepted';