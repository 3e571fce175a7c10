CREATE TABLE "group_post_notices" (
	"notification_id" bigint PRIMARY KEY NOT NULL,
	"post_type" text NOT NULL,
	"post_id" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "initiatives" ADD COLUMN "hidden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "initiatives" ADD COLUMN "hidden_by" uuid;--> statement-breakpoint
ALTER TABLE "initiatives" ADD COLUMN "hidden_reason" text;--> statement-breakpoint
ALTER TABLE "lessons" ADD COLUMN "hidden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "lessons" ADD COLUMN "hidden_by" uuid;--> statement-breakpoint
ALTER TABLE "lessons" ADD COLUMN "hidden_reason" text;--> statement-breakpoint
ALTER TABLE "group_replies" ADD COLUMN "hidden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "group_replies" ADD COLUMN "hidden_by" uuid;--> statement-breakpoint
ALTER TABLE "group_replies" ADD COLUMN "hidden_reason" text;--> statement-breakpoint
ALTER TABLE "group_threads" ADD COLUMN "hidden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "group_threads" ADD COLUMN "hidden_by" uuid;--> statement-breakpoint
ALTER TABLE "group_threads" ADD COLUMN "hidden_reason" text;--> statement-breakpoint
ALTER TABLE "indicator_snapshots" ADD COLUMN "hidden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "indicator_snapshots" ADD COLUMN "hidden_by" uuid;--> statement-breakpoint
ALTER TABLE "indicator_snapshots" ADD COLUMN "hidden_reason" text;--> statement-breakpoint
ALTER TABLE "group_post_notices" ADD CONSTRAINT "group_post_notices_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiatives" ADD CONSTRAINT "initiatives_hidden_by_users_id_fk" FOREIGN KEY ("hidden_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_hidden_by_users_id_fk" FOREIGN KEY ("hidden_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_replies" ADD CONSTRAINT "group_replies_hidden_by_users_id_fk" FOREIGN KEY ("hidden_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_threads" ADD CONSTRAINT "group_threads_hidden_by_users_id_fk" FOREIGN KEY ("hidden_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_snapshots" ADD CONSTRAINT "indicator_snapshots_hidden_by_users_id_fk" FOREIGN KEY ("hidden_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;