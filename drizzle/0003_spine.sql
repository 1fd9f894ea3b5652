ALTER TABLE "media_assets" ADD COLUMN "restored_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "video_jobs" ADD COLUMN "requested_provider" text;--> statement-breakpoint
ALTER TABLE "video_jobs" ADD COLUMN "requested_fallback" text[];--> statement-breakpoint
UPDATE "video_jobs" SET "requested_provider" = "provider", "requested_fallback" = "fallback_providers" WHERE "requested_provider" IS NULL;