CREATE TABLE "indicator_import_draft_parts" (
	"draft_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"content" text NOT NULL,
	CONSTRAINT "indicator_import_draft_parts_draft_id_seq_pk" PRIMARY KEY("draft_id","seq")
);
--> statement-breakpoint
ALTER TABLE "indicator_import_drafts" ADD COLUMN "complete" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "indicator_import_draft_parts" ADD CONSTRAINT "indicator_import_draft_parts_draft_id_indicator_import_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."indicator_import_drafts"("id") ON DELETE cascade ON UPDATE no action;