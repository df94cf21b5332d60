CREATE TABLE "teacher_trainings" (
	"id" serial PRIMARY KEY NOT NULL,
	"school_org_id" integer NOT NULL,
	"region_code" text NOT NULL,
	"teacher_name" text NOT NULL,
	"specialty_code" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"hours" integer NOT NULL,
	"provider" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teacher_trainings_dates_check" CHECK ("teacher_trainings"."end_date" >= "teacher_trainings"."start_date"),
	CONSTRAINT "teacher_trainings_hours_check" CHECK ("teacher_trainings"."hours" between 1 and 2000)
);
--> statement-breakpoint
ALTER TABLE "teacher_trainings" ADD CONSTRAINT "teacher_trainings_school_org_id_orgs_id_fk" FOREIGN KEY ("school_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "teacher_trainings_region_end_idx" ON "teacher_trainings" USING btree ("region_code","end_date");--> statement-breakpoint
CREATE INDEX "teacher_trainings_school_idx" ON "teacher_trainings" USING btree ("school_org_id");