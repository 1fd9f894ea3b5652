CREATE TYPE "public"."agent_type" AS ENUM('strategy', 'video', 'audio', 'universe');--> statement-breakpoint
CREATE TYPE "public"."asset_file_kind" AS ENUM('thumbnail', 'sprite', 'waveform');--> statement-breakpoint
CREATE TYPE "public"."asset_source" AS ENUM('generated', 'uploaded', 'derived');--> statement-breakpoint
CREATE TYPE "public"."asset_type" AS ENUM('video', 'image', 'audio');--> statement-breakpoint
CREATE TYPE "public"."audio_generation_type" AS ENUM('text_to_speech', 'text_to_music', 'stem_separation', 'transcription');--> statement-breakpoint
CREATE TYPE "public"."element_kind" AS ENUM('character', 'location', 'prop', 'style');--> statement-breakpoint
CREATE TYPE "public"."job_status" AS ENUM('pending', 'processing', 'completed', 'failed', 'canceled');--> statement-breakpoint
CREATE TYPE "public"."video_generation_type" AS ENUM('text_to_video', 'image_to_video');--> statement-breakpoint
CREATE TABLE "agent_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"universe_id" uuid,
	"agent_type" "agent_type" NOT NULL,
	"status" "job_status" DEFAULT 'pending' NOT NULL,
	"input" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"output" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "asset_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"asset_id" uuid NOT NULL,
	"kind" "asset_file_kind" NOT NULL,
	"storage_key" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audio_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"universe_id" uuid,
	"generation_type" "audio_generation_type" NOT NULL,
	"status" "job_status" DEFAULT 'pending' NOT NULL,
	"provider" text DEFAULT 'local' NOT NULL,
	"provider_job_id" text,
	"text" text,
	"prompt" text,
	"voice" text,
	"language" text,
	"mood" real,
	"mood_category" text,
	"duration_seconds" real,
	"input_asset_id" uuid,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"transcription" jsonb,
	"progress" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error_code" text,
	"error_message" text,
	"cost" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "elements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"universe_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" "element_kind" NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "media_assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"universe_id" uuid,
	"asset_type" "asset_type" NOT NULL,
	"source_type" "asset_source" NOT NULL,
	"source_job_id" uuid,
	"source_role" text DEFAULT 'output' NOT NULL,
	"storage_backend" text NOT NULL,
	"storage_key" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"duration_seconds" real,
	"width" integer,
	"height" integer,
	"title" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"pinned" boolean DEFAULT false NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "universes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "video_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"universe_id" uuid,
	"generation_type" "video_generation_type" NOT NULL,
	"status" "job_status" DEFAULT 'pending' NOT NULL,
	"provider" text DEFAULT 'local' NOT NULL,
	"provider_job_id" text,
	"provider_status" text,
	"prompt" text NOT NULL,
	"enriched_prompt" text DEFAULT '' NOT NULL,
	"negative_prompt" text DEFAULT '' NOT NULL,
	"mood" real,
	"mood_category" text,
	"camera_movement" text,
	"lighting" text,
	"platform" text,
	"aspect_ratio" text NOT NULL,
	"duration_seconds" real NOT NULL,
	"image_asset_id" uuid,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"fallback_providers" text[] DEFAULT '{}'::text[] NOT NULL,
	"provider_history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"eta_seconds" integer,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error_code" text,
	"error_message" text,
	"cost" jsonb,
	"webhook_token" text,
	"asset_id" uuid,
	"deadline_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "agent_jobs" ADD CONSTRAINT "agent_jobs_universe_id_universes_id_fk" FOREIGN KEY ("universe_id") REFERENCES "public"."universes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_files" ADD CONSTRAINT "asset_files_asset_id_media_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."media_assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audio_jobs" ADD CONSTRAINT "audio_jobs_universe_id_universes_id_fk" FOREIGN KEY ("universe_id") REFERENCES "public"."universes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audio_jobs" ADD CONSTRAINT "audio_jobs_input_asset_id_media_assets_id_fk" FOREIGN KEY ("input_asset_id") REFERENCES "public"."media_assets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elements" ADD CONSTRAINT "elements_universe_id_universes_id_fk" FOREIGN KEY ("universe_id") REFERENCES "public"."universes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_assets" ADD CONSTRAINT "media_assets_universe_id_universes_id_fk" FOREIGN KEY ("universe_id") REFERENCES "public"."universes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_jobs" ADD CONSTRAINT "video_jobs_universe_id_universes_id_fk" FOREIGN KEY ("universe_id") REFERENCES "public"."universes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_jobs" ADD CONSTRAINT "video_jobs_image_asset_id_media_assets_id_fk" FOREIGN KEY ("image_asset_id") REFERENCES "public"."media_assets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_jobs" ADD CONSTRAINT "video_jobs_asset_id_media_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."media_assets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_jobs_status_idx" ON "agent_jobs" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "asset_files_asset_kind_idx" ON "asset_files" USING btree ("asset_id","kind");--> statement-breakpoint
CREATE INDEX "audio_jobs_list_idx" ON "audio_jobs" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "audio_jobs_status_idx" ON "audio_jobs" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "audio_jobs_universe_idx" ON "audio_jobs" USING btree ("universe_id","created_at");--> statement-breakpoint
CREATE INDEX "elements_universe_idx" ON "elements" USING btree ("universe_id");--> statement-breakpoint
CREATE UNIQUE INDEX "media_assets_storage_key_idx" ON "media_assets" USING btree ("storage_key");--> statement-breakpoint
CREATE UNIQUE INDEX "media_assets_source_job_role_idx" ON "media_assets" USING btree ("source_job_id","source_role") WHERE "media_assets"."source_job_id" is not null;--> statement-breakpoint
CREATE INDEX "media_assets_list_idx" ON "media_assets" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "media_assets_type_idx" ON "media_assets" USING btree ("asset_type","created_at");--> statement-breakpoint
CREATE INDEX "media_assets_universe_idx" ON "media_assets" USING btree ("universe_id","created_at");--> statement-breakpoint
CREATE INDEX "media_assets_tags_idx" ON "media_assets" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "media_assets_deleted_idx" ON "media_assets" USING btree ("deleted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "universes_single_default" ON "universes" USING btree ("is_default") WHERE "universes"."is_default";--> statement-breakpoint
CREATE INDEX "video_jobs_list_idx" ON "video_jobs" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "video_jobs_status_idx" ON "video_jobs" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "video_jobs_universe_idx" ON "video_jobs" USING btree ("universe_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "video_jobs_provider_job_idx" ON "video_jobs" USING btree ("provider","provider_job_id") WHERE "video_jobs"."provider_job_id" is not null;