CREATE TABLE "priority_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"list_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"reason" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "priority_lists" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"application_type" text NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "school_assessment_scores" (
	"id" serial PRIMARY KEY NOT NULL,
	"assessment_id" integer NOT NULL,
	"school_org_id" integer NOT NULL,
	"item_key" text NOT NULL,
	"score" real NOT NULL,
	"reason" text NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"entered_by" integer,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "school_assessments" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"items" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"frozen_at" timestamp with time zone,
	"frozen_by" integer,
	"published_at" timestamp with time zone,
	"frozen_result" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "skill_contests" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"org_id" integer,
	"name" text NOT NULL,
	"organiser" text NOT NULL,
	"occupation_code" text NOT NULL,
	"held_on" date NOT NULL,
	"participants" integer NOT NULL,
	"winners" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'submitted' NOT NULL,
	"review_reason" text,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "skill_trainings" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"occupation_code" text NOT NULL,
	"level" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"people" integer NOT NULL,
	"certificates" integer DEFAULT 0 NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'submitted' NOT NULL,
	"review_reason" text,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agreements" ADD COLUMN "gov_code" text;--> statement-breakpoint
ALTER TABLE "agreements" ADD COLUMN "gov_name" text;--> statement-breakpoint
ALTER TABLE "agreements" ADD COLUMN "gov_confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "agreements" ADD COLUMN "gov_confirmed_by" integer;--> statement-breakpoint
ALTER TABLE "priority_entries" ADD CONSTRAINT "priority_entries_list_id_priority_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."priority_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priority_entries" ADD CONSTRAINT "priority_entries_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_assessment_scores" ADD CONSTRAINT "school_assessment_scores_assessment_id_school_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."school_assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_assessment_scores" ADD CONSTRAINT "school_assessment_scores_school_org_id_orgs_id_fk" FOREIGN KEY ("school_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skill_contests" ADD CONSTRAINT "skill_contests_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skill_trainings" ADD CONSTRAINT "skill_trainings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "priority_entries_list_org_key" ON "priority_entries" USING btree ("list_id","org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "priority_lists_year_type_key" ON "priority_lists" USING btree ("year","application_type");--> statement-breakpoint
CREATE UNIQUE INDEX "school_assessment_scores_key" ON "school_assessment_scores" USING btree ("assessment_id","school_org_id","item_key");--> statement-breakpoint
CREATE UNIQUE INDEX "school_assessments_region_year_key" ON "school_assessments" USING btree ("region_code","year");--> statement-breakpoint
CREATE INDEX "skill_contests_region_idx" ON "skill_contests" USING btree ("region_code","held_on");--> statement-breakpoint
CREATE INDEX "skill_trainings_region_idx" ON "skill_trainings" USING btree ("region_code","end_date");--> statement-breakpoint
CREATE INDEX "skill_trainings_org_idx" ON "skill_trainings" USING btree ("org_id");