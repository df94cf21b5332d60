CREATE TABLE "school_mentors" (
	"id" serial PRIMARY KEY NOT NULL,
	"school_org_id" integer NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"enterprise" text NOT NULL,
	"specialty_code" text NOT NULL,
	"term_start" date NOT NULL,
	"term_end" date NOT NULL,
	"id_key" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_mentors_term_check" CHECK ("school_mentors"."term_end" >= "school_mentors"."term_start")
);
--> statement-breakpoint
ALTER TABLE "school_mentors" ADD CONSTRAINT "school_mentors_school_org_id_orgs_id_fk" FOREIGN KEY ("school_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "school_mentors_school_person_idx" ON "school_mentors" USING btree ("school_org_id","id_key");