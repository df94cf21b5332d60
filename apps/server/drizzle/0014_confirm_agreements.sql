CREATE TABLE "agreement_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"agreement_id" integer NOT NULL,
	"docx" text NOT NULL,
	"docx_sha256" text NOT NULL,
	"scan" text NOT NULL,
	"scan_mime" text NOT NULL,
	"scan_file_name" text NOT NULL,
	"scan_sha256" text NOT NULL,
	"frozen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agreement_parties" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "agreement_parties" ADD COLUMN "confirmed_by" integer;--> statement-breakpoint
ALTER TABLE "agreements" ADD COLUMN "terminated_on" date;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "stopped_on" date;--> statement-breakpoint
ALTER TABLE "agreement_records" ADD CONSTRAINT "agreement_records_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agreement_records_agreement_idx" ON "agreement_records" USING btree ("agreement_id");