ALTER TABLE "indicator_import_drafts" ADD COLUMN "request_urls" jsonb;--> statement-breakpoint
ALTER TABLE "indicator_import_drafts" ADD COLUMN "source_query" jsonb;--> statement-breakpoint
ALTER TABLE "indicator_imports" ADD COLUMN "request_urls" jsonb;--> statement-breakpoint
ALTER TABLE "indicators" ADD COLUMN "source_query" jsonb;