CREATE TABLE "onboarding_handouts" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_code" text,
	"created_by_id" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"account_count" integer NOT NULL,
	"downloaded_at" timestamp with time zone,
	"downloaded_by_name" text
);
--> statement-breakpoint
CREATE TABLE "onboarding_passwords" (
	"handout_id" integer NOT NULL,
	"user_id" integer PRIMARY KEY NOT NULL,
	"password" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "onboarding_passwords" ADD CONSTRAINT "onboarding_passwords_handout_id_onboarding_handouts_id_fk" FOREIGN KEY ("handout_id") REFERENCES "public"."onboarding_handouts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_passwords" ADD CONSTRAINT "onboarding_passwords_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "onboarding_handouts_region_idx" ON "onboarding_handouts" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "onboarding_passwords_handout_idx" ON "onboarding_passwords" USING btree ("handout_id");