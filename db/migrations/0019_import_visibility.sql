ALTER TABLE "indicator_values" DROP CONSTRAINT "indicator_values_import_id_indicator_imports_id_fk";
--> statement-breakpoint
ALTER TABLE "indicator_imports" ADD COLUMN "pending" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_import_id_indicator_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."indicator_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_imports_one_pending" ON "indicator_imports" USING btree ("pending") WHERE "indicator_imports"."pending";--> statement-breakpoint
CREATE INDEX "indicator_values_import_idx" ON "indicator_values" USING btree ("import_id");--> statement-breakpoint
CREATE VIEW "public"."published_indicator_values" AS (select "id", "indicator_code", "area_code", "period", "breakdown", "value", "import_id", "updated_at" from "indicator_values" where "indicator_values"."import_id" is null or "indicator_values"."import_id" not in (select "indicator_imports"."id" from "indicator_imports" where "indicator_imports"."pending"));