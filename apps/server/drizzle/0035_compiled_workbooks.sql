CREATE TABLE "compiled_workbooks" (
	"publication_id" integer PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"etag" text NOT NULL,
	"size" integer NOT NULL,
	"content" text NOT NULL,
	"built_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "compiled_workbooks" ADD CONSTRAINT "compiled_workbooks_publication_id_publications_id_fk" FOREIGN KEY ("publication_id") REFERENCES "public"."publications"("id") ON DELETE cascade ON UPDATE no action;