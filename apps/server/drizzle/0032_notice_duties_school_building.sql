CREATE TABLE "coop_offices" (
	"school_org_id" integer PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"responsible_name" text NOT NULL,
	"responsible_title" text NOT NULL,
	"responsible_phone" text NOT NULL,
	"established_on" date NOT NULL,
	"members" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "school_layouts" (
	"org_id" integer PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"county_code" text,
	"flagship" boolean DEFAULT false NOT NULL,
	"flagship_reason" text,
	"flagship_by" integer,
	"flagship_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "school_standards" (
	"org_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"status" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_standards_pkey" PRIMARY KEY("org_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "school_teachers" (
	"id" serial PRIMARY KEY NOT NULL,
	"school_org_id" integer NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"specialty_code" text NOT NULL,
	"is_key" boolean DEFAULT false NOT NULL,
	"from_enterprise" boolean DEFAULT false NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"id_key" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "specialty_application_partners" (
	"application_id" integer NOT NULL,
	"enterprise_org_id" integer NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	CONSTRAINT "specialty_application_partners_pkey" PRIMARY KEY("application_id","enterprise_org_id")
);
--> statement-breakpoint
CREATE TABLE "specialty_applications" (
	"id" serial PRIMARY KEY NOT NULL,
	"school_org_id" integer NOT NULL,
	"region_code" text NOT NULL,
	"specialty_code" text NOT NULL,
	"level" text NOT NULL,
	"planned_enrolment" integer NOT NULL,
	"reason" text NOT NULL,
	"state" text DEFAULT 'awaiting_partners' NOT NULL,
	"decision_note" text,
	"effective_on" date,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "specialty_exit_decisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"school_org_id" integer NOT NULL,
	"region_code" text NOT NULL,
	"specialty_code" text NOT NULL,
	"warning_year" integer NOT NULL,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decision" text NOT NULL,
	"reason" text NOT NULL,
	"effective_year" integer NOT NULL,
	"new_enrolment" integer,
	"state" text DEFAULT 'open' NOT NULL,
	"done_on" date,
	"enrolment_before" integer,
	"follow_up" text DEFAULT '' NOT NULL,
	"decided_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "standard_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"requirement" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teacher_practices" (
	"id" serial PRIMARY KEY NOT NULL,
	"teacher_id" integer NOT NULL,
	"enterprise" text NOT NULL,
	"start_on" date NOT NULL,
	"end_on" date NOT NULL,
	"days" integer NOT NULL,
	"content" text NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teacher_practices_dates_check" CHECK ("teacher_practices"."end_on" >= "teacher_practices"."start_on" and "teacher_practices"."days" > 0)
);
--> statement-breakpoint
CREATE TABLE "training_bases" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"region_code" text NOT NULL,
	"county_code" text NOT NULL,
	"owner_org_id" integer,
	"capacity" integer DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_bases_capacity_check" CHECK ("training_bases"."capacity" >= 0)
);
--> statement-breakpoint
ALTER TABLE "coop_offices" ADD CONSTRAINT "coop_offices_school_org_id_orgs_id_fk" FOREIGN KEY ("school_org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_layouts" ADD CONSTRAINT "school_layouts_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_standards" ADD CONSTRAINT "school_standards_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_standards" ADD CONSTRAINT "school_standards_item_id_standard_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."standard_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_teachers" ADD CONSTRAINT "school_teachers_school_org_id_orgs_id_fk" FOREIGN KEY ("school_org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "specialty_application_partners" ADD CONSTRAINT "specialty_application_partners_application_id_specialty_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."specialty_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "specialty_application_partners" ADD CONSTRAINT "specialty_application_partners_enterprise_org_id_orgs_id_fk" FOREIGN KEY ("enterprise_org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "specialty_applications" ADD CONSTRAINT "specialty_applications_school_org_id_orgs_id_fk" FOREIGN KEY ("school_org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "specialty_exit_decisions" ADD CONSTRAINT "specialty_exit_decisions_school_org_id_orgs_id_fk" FOREIGN KEY ("school_org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teacher_practices" ADD CONSTRAINT "teacher_practices_teacher_id_school_teachers_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."school_teachers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_bases" ADD CONSTRAINT "training_bases_owner_org_id_orgs_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "public"."orgs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "school_layouts_region_idx" ON "school_layouts" USING btree ("region_code","flagship");--> statement-breakpoint
CREATE UNIQUE INDEX "school_teachers_school_person_idx" ON "school_teachers" USING btree ("school_org_id","id_key");--> statement-breakpoint
CREATE INDEX "school_teachers_region_idx" ON "school_teachers" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "specialty_application_partners_org_idx" ON "specialty_application_partners" USING btree ("enterprise_org_id");--> statement-breakpoint
CREATE INDEX "specialty_applications_region_idx" ON "specialty_applications" USING btree ("region_code","state");--> statement-breakpoint
CREATE UNIQUE INDEX "specialty_applications_open_key" ON "specialty_applications" USING btree ("school_org_id","specialty_code") WHERE state in ('awaiting_partners', 'submitted');--> statement-breakpoint
CREATE UNIQUE INDEX "specialty_exit_decisions_key" ON "specialty_exit_decisions" USING btree ("school_org_id","specialty_code","warning_year");--> statement-breakpoint
CREATE INDEX "specialty_exit_decisions_region_idx" ON "specialty_exit_decisions" USING btree ("region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "standard_items_code_key" ON "standard_items" USING btree ("code");--> statement-breakpoint
CREATE INDEX "teacher_practices_teacher_idx" ON "teacher_practices" USING btree ("teacher_id","start_on");--> statement-breakpoint
CREATE INDEX "training_bases_region_idx" ON "training_bases" USING btree ("region_code");