CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"content_type" text NOT NULL,
	"content_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"media_type" text NOT NULL,
	"kind" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "content_revisions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "content_revisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"content_type" text NOT NULL,
	"content_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"action" text NOT NULL,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "initiative_areas" (
	"initiative_id" uuid NOT NULL,
	"area_code" text NOT NULL,
	CONSTRAINT "initiative_areas_initiative_id_area_code_pk" PRIMARY KEY("initiative_id","area_code")
);
--> statement-breakpoint
CREATE TABLE "initiative_inspirations" (
	"initiative_id" uuid NOT NULL,
	"inspired_by_id" uuid NOT NULL,
	CONSTRAINT "initiative_inspirations_initiative_id_inspired_by_id_pk" PRIMARY KEY("initiative_id","inspired_by_id")
);
--> statement-breakpoint
CREATE TABLE "initiative_partners" (
	"initiative_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	CONSTRAINT "initiative_partners_initiative_id_organization_id_pk" PRIMARY KEY("initiative_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "initiatives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"body" jsonb NOT NULL,
	"status" text NOT NULL,
	"start_date" date,
	"end_date" date,
	"themes" text[] DEFAULT '{}' NOT NULL,
	"target_groups" text[] DEFAULT '{}' NOT NULL,
	"success_factors" text[] DEFAULT '{}' NOT NULL,
	"funding_source" text,
	"funding_amount_sek" bigint,
	"evaluation_method" text,
	"evaluated_by" text,
	"evaluation_summary" text,
	"evaluation_url" text,
	"contact_name" text,
	"contact_email" text,
	"organization_id" uuid NOT NULL,
	"visibility" text DEFAULT 'public' NOT NULL,
	"group_id" uuid,
	"state" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"published_at" timestamp with time zone,
	"created_by" uuid,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lessons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"initiative_id" uuid,
	"what_worked" jsonb NOT NULL,
	"what_did_not" jsonb NOT NULL,
	"recommendations" jsonb NOT NULL,
	"themes" text[] DEFAULT '{}' NOT NULL,
	"success_factors" text[] DEFAULT '{}' NOT NULL,
	"organization_id" uuid NOT NULL,
	"visibility" text DEFAULT 'public' NOT NULL,
	"group_id" uuid,
	"state" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"published_at" timestamp with time zone,
	"created_by" uuid,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_revisions" ADD CONSTRAINT "content_revisions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_areas" ADD CONSTRAINT "initiative_areas_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_areas" ADD CONSTRAINT "initiative_areas_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_inspirations" ADD CONSTRAINT "initiative_inspirations_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_inspirations" ADD CONSTRAINT "initiative_inspirations_inspired_by_id_initiatives_id_fk" FOREIGN KEY ("inspired_by_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_partners" ADD CONSTRAINT "initiative_partners_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_partners" ADD CONSTRAINT "initiative_partners_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiatives" ADD CONSTRAINT "initiatives_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiatives" ADD CONSTRAINT "initiatives_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiatives" ADD CONSTRAINT "initiatives_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_content_idx" ON "attachments" USING btree ("content_type","content_id");--> statement-breakpoint
CREATE UNIQUE INDEX "content_revisions_version_unique" ON "content_revisions" USING btree ("content_type","content_id","version");--> statement-breakpoint
CREATE INDEX "initiative_areas_area_idx" ON "initiative_areas" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "initiative_inspirations_source_idx" ON "initiative_inspirations" USING btree ("inspired_by_id");--> statement-breakpoint
CREATE UNIQUE INDEX "initiatives_slug_unique" ON "initiatives" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "initiatives_org_idx" ON "initiatives" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "initiatives_listing_idx" ON "initiatives" USING btree ("state","visibility","published_at");--> statement-breakpoint
CREATE INDEX "initiatives_themes_idx" ON "initiatives" USING gin ("themes");--> statement-breakpoint
CREATE INDEX "initiatives_factors_idx" ON "initiatives" USING gin ("success_factors");--> statement-breakpoint
CREATE UNIQUE INDEX "lessons_slug_unique" ON "lessons" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "lessons_org_idx" ON "lessons" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "lessons_initiative_idx" ON "lessons" USING btree ("initiative_id");--> statement-breakpoint
CREATE INDEX "lessons_listing_idx" ON "lessons" USING btree ("state","visibility","published_at");