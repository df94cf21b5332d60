CREATE TABLE "publications" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"version" integer NOT NULL,
	"item_count" integer DEFAULT 0 NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"published_by" integer,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "published_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"publication_id" integer NOT NULL,
	"campaign_id" integer NOT NULL,
	"form_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_type" text NOT NULL,
	"org_name" text NOT NULL,
	"region_code" text NOT NULL,
	"row_key" text NOT NULL,
	"title" text NOT NULL,
	"need_type" text NOT NULL,
	"specialty_code" text,
	"occupation_code" text,
	"industry_codes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"skill_level" text,
	"post_name" text DEFAULT '' NOT NULL,
	"levels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"places" integer DEFAULT 0 NOT NULL,
	"available_from" date,
	"expires_on" date NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"contact_name" text DEFAULT '' NOT NULL,
	"contact_phone" text DEFAULT '' NOT NULL,
	"contact_title" text DEFAULT '' NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'public' NOT NULL,
	"withdrawn_reason" text,
	"withdrawn_at" timestamp with time zone,
	"last_confirmed_at" timestamp with time zone,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dismissals" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"counterpart_org_id" integer NOT NULL,
	"reason" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"event_id" integer NOT NULL,
	"slot_start" timestamp with time zone NOT NULL,
	"school_org_id" integer NOT NULL,
	"enterprise_org_id" integer NOT NULL,
	"table" text DEFAULT '' NOT NULL,
	"outcome" text DEFAULT 'none' NOT NULL,
	"outcome_note" text DEFAULT '' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_registrations" (
	"id" serial PRIMARY KEY NOT NULL,
	"event_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"attendees" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer,
	"title" text NOT NULL,
	"organiser_role" text NOT NULL,
	"region_code" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"online" boolean DEFAULT false NOT NULL,
	"capacity" integer NOT NULL,
	"slot_minutes" integer DEFAULT 20 NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intent_messages" (
	"id" serial PRIMARY KEY NOT NULL,
	"intent_id" integer NOT NULL,
	"author_id" integer,
	"author_org_id" integer,
	"author_name" text NOT NULL,
	"body" text NOT NULL,
	"kind" text DEFAULT 'message' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intents" (
	"id" serial PRIMARY KEY NOT NULL,
	"from_org_id" integer NOT NULL,
	"to_org_id" integer NOT NULL,
	"from_region_code" text NOT NULL,
	"to_region_code" text NOT NULL,
	"item_id" integer,
	"source" text NOT NULL,
	"cooperation_type" text NOT NULL,
	"message" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"decline_reason" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recommendations" (
	"org_id" integer NOT NULL,
	"counterpart_org_id" integer NOT NULL,
	"score" real NOT NULL,
	"reasons" jsonb NOT NULL,
	"lines" integer DEFAULT 1 NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "published_items" ADD CONSTRAINT "published_items_publication_id_publications_id_fk" FOREIGN KEY ("publication_id") REFERENCES "public"."publications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "published_items" ADD CONSTRAINT "published_items_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_meetings" ADD CONSTRAINT "event_meetings_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intent_messages" ADD CONSTRAINT "intent_messages_intent_id_intents_id_fk" FOREIGN KEY ("intent_id") REFERENCES "public"."intents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intents" ADD CONSTRAINT "intents_from_org_id_orgs_id_fk" FOREIGN KEY ("from_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intents" ADD CONSTRAINT "intents_to_org_id_orgs_id_fk" FOREIGN KEY ("to_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "publications_campaign_version_key" ON "publications" USING btree ("campaign_id","version");--> statement-breakpoint
CREATE INDEX "published_items_pub_idx" ON "published_items" USING btree ("publication_id","status");--> statement-breakpoint
CREATE INDEX "published_items_region_idx" ON "published_items" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "published_items_org_idx" ON "published_items" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "published_items_search_trgm_idx" ON "published_items" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "published_items_pub_row_key" ON "published_items" USING btree ("publication_id","form_id","row_key");--> statement-breakpoint
CREATE UNIQUE INDEX "dismissals_pair_key" ON "dismissals" USING btree ("org_id","counterpart_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "event_meetings_school_slot_key" ON "event_meetings" USING btree ("event_id","slot_start","school_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "event_meetings_enterprise_slot_key" ON "event_meetings" USING btree ("event_id","slot_start","enterprise_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "event_registrations_key" ON "event_registrations" USING btree ("event_id","org_id");--> statement-breakpoint
CREATE INDEX "intent_messages_intent_idx" ON "intent_messages" USING btree ("intent_id");--> statement-breakpoint
CREATE INDEX "intents_from_idx" ON "intents" USING btree ("from_org_id");--> statement-breakpoint
CREATE INDEX "intents_to_idx" ON "intents" USING btree ("to_org_id");--> statement-breakpoint
CREATE INDEX "intents_regions_idx" ON "intents" USING btree ("from_region_code","to_region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "recommendations_pair_key" ON "recommendations" USING btree ("org_id","counterpart_org_id");--> statement-breakpoint
CREATE INDEX "recommendations_org_score_idx" ON "recommendations" USING btree ("org_id","score");