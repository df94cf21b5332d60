CREATE TABLE "assessment_manual_scores" (
	"scheme_id" integer NOT NULL,
	"region_code" text NOT NULL,
	"item_key" text NOT NULL,
	"score" real NOT NULL,
	"reason" text NOT NULL,
	"entered_by" integer,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_manual_scores_pkey" PRIMARY KEY("scheme_id","region_code","item_key")
);
--> statement-breakpoint
CREATE TABLE "assessment_schemes" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"items" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"frozen_at" timestamp with time zone,
	"frozen_by" integer,
	"frozen_result" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"region_code" text,
	"org_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"project_id" integer,
	"summary" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commendations" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"org_id" integer NOT NULL,
	"citation" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"created_by" integer
);
--> statement-breakpoint
CREATE TABLE "demo_declarations" (
	"nomination_id" integer NOT NULL,
	"expert_user_id" integer NOT NULL,
	"conflict" boolean NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"declared_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demo_declarations_pkey" PRIMARY KEY("nomination_id","expert_user_id")
);
--> statement-breakpoint
CREATE TABLE "demo_experts" (
	"round_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"appointed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demo_experts_pkey" PRIMARY KEY("round_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "demo_nominations" (
	"id" serial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	"region_code" text NOT NULL,
	"statement" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"status" text DEFAULT 'nominated' NOT NULL,
	"final_score" real,
	"nominated_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demo_objections" (
	"id" serial PRIMARY KEY NOT NULL,
	"nomination_id" integer NOT NULL,
	"submitter_name" text NOT NULL,
	"submitter_contact" text DEFAULT '' NOT NULL,
	"content" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolution" text,
	"resolved_by" integer,
	"resolved_at" timestamp with time zone,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demo_rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"project_types" jsonb NOT NULL,
	"rubric" jsonb NOT NULL,
	"quota" jsonb NOT NULL,
	"status" text DEFAULT 'nomination' NOT NULL,
	"notice_from" date,
	"notice_to" date,
	"published_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demo_scores" (
	"nomination_id" integer NOT NULL,
	"expert_user_id" integer NOT NULL,
	"scores" jsonb NOT NULL,
	"total" real NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"scored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demo_scores_pkey" PRIMARY KEY("nomination_id","expert_user_id")
);
--> statement-breakpoint
CREATE TABLE "warning_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"shortage_ratio" real DEFAULT 1.5 NOT NULL,
	"oversupply_ratio" real DEFAULT 0.5 NOT NULL,
	"min_employment" real DEFAULT 0.3 NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assessment_manual_scores" ADD CONSTRAINT "assessment_manual_scores_scheme_id_assessment_schemes_id_fk" FOREIGN KEY ("scheme_id") REFERENCES "public"."assessment_schemes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_declarations" ADD CONSTRAINT "demo_declarations_nomination_id_demo_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."demo_nominations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_experts" ADD CONSTRAINT "demo_experts_round_id_demo_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."demo_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_nominations" ADD CONSTRAINT "demo_nominations_round_id_demo_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."demo_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_objections" ADD CONSTRAINT "demo_objections_nomination_id_demo_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."demo_nominations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_scores" ADD CONSTRAINT "demo_scores_nomination_id_demo_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."demo_nominations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_schemes_year_key" ON "assessment_schemes" USING btree ("year");--> statement-breakpoint
CREATE UNIQUE INDEX "commendations_year_org_key" ON "commendations" USING btree ("year","org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "demo_nominations_round_project_key" ON "demo_nominations" USING btree ("round_id","project_id");--> statement-breakpoint
CREATE INDEX "demo_rounds_year_idx" ON "demo_rounds" USING btree ("year");