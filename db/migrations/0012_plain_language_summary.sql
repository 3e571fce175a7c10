ALTER TABLE "initiatives" ADD COLUMN "plain_summary" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "lessons" ADD COLUMN "plain_summary" text DEFAULT '' NOT NULL;