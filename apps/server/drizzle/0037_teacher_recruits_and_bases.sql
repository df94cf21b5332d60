CREATE TABLE "integrated_training_bases" (
	"id" serial PRIMARY KEY NOT NULL,
	"school_org_id" integer NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"partner_enterprise" text DEFAULT '' NOT NULL,
	"specialty_area" text NOT NULL,
	"capacity" integer NOT NULL,
	"established_on" date NOT NULL,
	"state" text DEFAULT 'submitted' NOT NULL,
	"review_reason" text,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integrated_training_bases_capacity_check" CHECK ("integrated_training_bases"."capacity" > 0)
);
--> statement-breakpoint
CREATE TABLE "teacher_recruits" (
	"id" serial PRIMARY KEY NOT NULL,
	"school_org_id" integer NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"id_key" text NOT NULL,
	"category" text NOT NULL,
	"from_enterprise" text NOT NULL,
	"specialty_code" text NOT NULL,
	"post" text NOT NULL,
	"start_on" date NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'submitted' NOT NULL,
	"review_reason" text,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "integrated_training_bases" ADD CONSTRAINT "integrated_training_bases_school_org_id_orgs_id_fk" FOREIGN KEY ("school_org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teacher_recruits" ADD CONSTRAINT "teacher_recruits_school_org_id_orgs_id_fk" FOREIGN KEY ("school_org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "integrated_training_bases_name_idx" ON "integrated_training_bases" USING btree ("school_org_id","name");--> statement-breakpoint
CREATE INDEX "integrated_training_bases_region_idx" ON "integrated_training_bases" USING btree ("region_code","state");--> statement-breakpoint
CREATE UNIQUE INDEX "teacher_recruits_school_person_idx" ON "teacher_recruits" USING btree ("school_org_id","id_key");--> statement-breakpoint
CREATE INDEX "teacher_recruits_region_idx" ON "teacher_recruits" USING btree ("region_code","state");