ALTER TABLE "demo_declarations" RENAME TO "selection_declarations";--> statement-breakpoint
ALTER TABLE "demo_experts" RENAME TO "selection_experts";--> statement-breakpoint
ALTER TABLE "demo_nominations" RENAME TO "selection_nominations";--> statement-breakpoint
ALTER TABLE "demo_objections" RENAME TO "selection_objections";--> statement-breakpoint
ALTER TABLE "demo_rounds" RENAME TO "selection_rounds";--> statement-breakpoint
ALTER TABLE "demo_scores" RENAME TO "selection_scores";--> statement-breakpoint
ALTER TABLE "projects" RENAME COLUMN "demo_status" TO "selection_status";--> statement-breakpoint
ALTER TABLE "selection_declarations" DROP CONSTRAINT "demo_declarations_nomination_id_demo_nominations_id_fk";
--> statement-breakpoint
ALTER TABLE "selection_experts" DROP CONSTRAINT "demo_experts_round_id_demo_rounds_id_fk";
--> statement-breakpoint
ALTER TABLE "selection_nominations" DROP CONSTRAINT "demo_nominations_round_id_demo_rounds_id_fk";
--> statement-breakpoint
ALTER TABLE "selection_objections" DROP CONSTRAINT "demo_objections_nomination_id_demo_nominations_id_fk";
--> statement-breakpoint
ALTER TABLE "selection_scores" DROP CONSTRAINT "demo_scores_nomination_id_demo_nominations_id_fk";
--> statement-breakpoint
DROP INDEX "demo_nominations_round_project_key";--> statement-breakpoint
DROP INDEX "demo_rounds_year_idx";--> statement-breakpoint
ALTER TABLE "selection_declarations" DROP CONSTRAINT "demo_declarations_pkey";--> statement-breakpoint
ALTER TABLE "selection_experts" DROP CONSTRAINT "demo_experts_pkey";--> statement-breakpoint
ALTER TABLE "selection_scores" DROP CONSTRAINT "demo_scores_pkey";--> statement-breakpoint
ALTER TABLE "selection_declarations" ADD CONSTRAINT "selection_declarations_pkey" PRIMARY KEY("nomination_id","expert_user_id");--> statement-breakpoint
ALTER TABLE "selection_experts" ADD CONSTRAINT "selection_experts_pkey" PRIMARY KEY("round_id","user_id");--> statement-breakpoint
ALTER TABLE "selection_scores" ADD CONSTRAINT "selection_scores_pkey" PRIMARY KEY("nomination_id","expert_user_id");--> statement-breakpoint
ALTER TABLE "selection_declarations" ADD CONSTRAINT "selection_declarations_nomination_id_selection_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."selection_nominations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_experts" ADD CONSTRAINT "selection_experts_round_id_selection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."selection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_nominations" ADD CONSTRAINT "selection_nominations_round_id_selection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."selection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_objections" ADD CONSTRAINT "selection_objections_nomination_id_selection_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."selection_nominations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_scores" ADD CONSTRAINT "selection_scores_nomination_id_selection_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."selection_nominations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "selection_nominations_round_project_key" ON "selection_nominations" USING btree ("round_id","project_id");--> statement-breakpoint
CREATE INDEX "selection_rounds_year_idx" ON "selection_rounds" USING btree ("year");--> statement-breakpoint
ALTER SEQUENCE "demo_rounds_id_seq" RENAME TO "selection_rounds_id_seq";--> statement-breakpoint
ALTER SEQUENCE "demo_nominations_id_seq" RENAME TO "selection_nominations_id_seq";--> statement-breakpoint
ALTER SEQUENCE "demo_objections_id_seq" RENAME TO "selection_objections_id_seq";--> statement-breakpoint
ALTER INDEX "demo_rounds_pkey" RENAME TO "selection_rounds_pkey";--> statement-breakpoint
ALTER INDEX "demo_nominations_pkey" RENAME TO "selection_nominations_pkey";--> statement-breakpoint
ALTER INDEX "demo_objections_pkey" RENAME TO "selection_objections_pkey";--> statement-breakpoint
UPDATE "notifications" SET "kind" = 'selection_' || substr("kind", 6) WHERE "kind" IN ('demo_nominated', 'demo_selected', 'demo_review', 'demo_objection');--> statement-breakpoint
UPDATE "notifications" SET "link" = '/selection/rounds' || substr("link", 13) WHERE "link" LIKE '/demo/rounds%';
--> statement-breakpoint
UPDATE "notifications" SET "dedupe_key" = 'selection-selected:' || substr("dedupe_key", 15) WHERE "dedupe_key" LIKE 'demo-selected:%';
