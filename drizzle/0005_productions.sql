CREATE TYPE "public"."production_status" AS ENUM('pending', 'generating', 'composing', 'completed', 'failed', 'canceled');--> statement-breakpoint
CREATE TABLE "productions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" "production_status" DEFAULT 'pending' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"brief" jsonb NOT NULL,
	"timeline" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"renders" integer DEFAULT 0 NOT NULL,
	"rendered_version" integer,
	"asset_id" uuid,
	"error_code" text,
	"error_message" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "audio_jobs" ADD COLUMN "production_id" uuid;--> statement-breakpoint
ALTER TABLE "video_jobs" ADD COLUMN "production_id" uuid;--> statement-breakpoint
ALTER TABLE "productions" ADD CONSTRAINT "productions_asset_id_media_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."media_assets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "productions_list_idx" ON "productions" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "productions_status_idx" ON "productions" USING btree ("status","created_at");--> statement-breakpoint
ALTER TABLE "audio_jobs" ADD CONSTRAINT "audio_jobs_production_id_productions_id_fk" FOREIGN KEY ("production_id") REFERENCES "public"."productions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_jobs" ADD CONSTRAINT "video_jobs_production_id_productions_id_fk" FOREIGN KEY ("production_id") REFERENCES "public"."productions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audio_jobs_production_idx" ON "audio_jobs" USING btree ("production_id") WHERE "audio_jobs"."production_id" is not null;--> statement-breakpoint
CREATE INDEX "video_jobs_production_idx" ON "video_jobs" USING btree ("production_id") WHERE "video_jobs"."production_id" is not null;