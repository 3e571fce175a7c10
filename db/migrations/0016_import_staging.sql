CREATE TABLE "indicator_value_staging" (
	"run_id" uuid NOT NULL,
	"indicator_code" text NOT NULL,
	"area_code" text NOT NULL,
	"period" text NOT NULL,
	"breakdown" text NOT NULL,
	"value" numeric NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "indicator_value_staging_run_idx" ON "indicator_value_staging" USING btree ("run_id");