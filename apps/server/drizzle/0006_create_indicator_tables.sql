CREATE TABLE "indicator_snapshots" (
	"indicator_id" text NOT NULL,
	"scope" text NOT NULL,
	"on_date" date NOT NULL,
	"value" real,
	"numerator" real NOT NULL,
	"denominator" real,
	CONSTRAINT "indicator_snapshots_pkey" PRIMARY KEY("indicator_id","scope","on_date")
);
--> statement-breakpoint
CREATE TABLE "region_key_industries" (
	"region_code" text NOT NULL,
	"industry_code" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "region_key_industries_pkey" PRIMARY KEY("region_code","industry_code")
);
--> statement-breakpoint
CREATE TABLE "teacher_trainings" (
	"id" serial PRIMARY KEY NOT NULL,
	"school_org_id" integer NOT NULL,
	"region_code" text NOT NULL,
	"title" text NOT NULL,
	"trained_on" date NOT NULL,
	"teachers" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "teacher_trainings" ADD CONSTRAINT "teacher_trainings_school_org_id_orgs_id_fk" FOREIGN KEY ("school_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "teacher_trainings_region_date_idx" ON "teacher_trainings" USING btree ("region_code","trained_on");