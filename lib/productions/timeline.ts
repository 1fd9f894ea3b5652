import { z } from 'zod';
import { AspectRatioSchema, CameraMovementSchema, LightingSchema, PlatformSchema } from '@/lib/strategy';

// A production's timeline: the document a creator edits and the composer renders. It is data,
// versioned (a PATCH names the version it edits; a stale one is a 409), validated by these
// schemas wherever it is read or written. Times are seconds.

/** What the finished file is: size, frame rate, where captions may sit. */
export interface OutputPreset {
  id: string;
  label: string;
  width: number;
  height: number;
  fps: number;
  /** Fractions of the height kept clear of captions (the platform's own buttons and text). */
  safe: { top: number; bottom: number };
}

export const OUTPUT_PRESETS = {
  vertical_1080: { id: 'vertical_1080', label: 'Vertical 1080×1920 (TikTok, Reels, Shorts)', width: 1080, height: 1920, fps: 30, safe: { top: 0.1, bottom: 0.2 } },
  landscape_1080: { id: 'landscape_1080', label: 'Landscape 1920×1080 (YouTube)', width: 1920, height: 1080, fps: 30, safe: { top: 0.05, bottom: 0.08 } },
  portrait_1080: { id: 'portrait_1080', label: 'Portrait 1080×1350 (Instagram feed)', width: 1080, height: 1350, fps: 30, safe: { top: 0.05, bottom: 0.1 } },
  square_1080: { id: 'square_1080', label: 'Square 1080×1080', width: 1080, height: 1080, fps: 30, safe: { top: 0.05, bottom: 0.1 } },
} as const satisfies Record<string, OutputPreset>;

export type OutputPresetId = keyof typeof OUTPUT_PRESETS;
export const OutputPresetIdSchema = z.enum(Object.keys(OUTPUT_PRESETS) as [OutputPresetId, ...OutputPresetId[]]);

export const TRANSITIONS = ['cut', 'fade', 'slide'] as const;
export const TransitionSchema = z.enum(TRANSITIONS);
export const CAPTION_STYLES = ['word_highlight', 'line', 'none'] as const;
export const CaptionStyleSchema = z.enum(CAPTION_STYLES);
export const CAPTION_POSITIONS = ['bottom', 'middle', 'top'] as const;
export const CaptionPositionSchema = z.enum(CAPTION_POSITIONS);
export const FIT_MODES = ['crop', 'pad_blur'] as const;
export const FitSchema = z.enum(FIT_MODES);

const seconds = z.number().finite().min(0).max(600);

/** Where a shot's pixels come from: a video job of this production, or an asset from the library. */
export const ShotSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('generated'), job_id: z.uuid().nullable() }),
  z.object({ kind: z.literal('asset'), asset_id: z.uuid(), asset_type: z.enum(['video', 'image']), job_id: z.uuid().nullable() }),
]);

export const ShotSchema = z
  .object({
    id: z.string().min(1).max(64),
    source: ShotSourceSchema,
    /** The plan of a generated shot (or of the camera move an image gets). */
    prompt: z.string().max(2000),
    camera_movement: CameraMovementSchema,
    lighting: LightingSchema,
    aspect_ratio: AspectRatioSchema,
    /** Where the shot starts on the timeline and how long it stays. */
    start: seconds,
    duration: z.number().finite().min(0.5).max(120),
    /** The part of the source used: trim_in … trim_in + duration. */
    trim_in: seconds.default(0),
    /** How this shot enters from the previous one (the first shot's is ignored). */
    transition: TransitionSchema.default('fade'),
    fit: FitSchema.default('crop'),
  })
  .strict();

export const WordTimeSchema = z.object({ word: z.string().min(1).max(100), start: seconds, end: seconds }).strict();

export const NarrationSchema = z
  .object({
    script: z.string().min(1).max(5000),
    voice: z.string().max(100).nullable(),
    speech_job_id: z.uuid().nullable(),
    alignment_job_id: z.uuid().nullable(),
    /** Word times from the alignment, once it is done. */
    words: z.array(WordTimeSchema).max(5000).default([]),
    gain_db: z.number().min(-30).max(12).default(0),
  })
  .strict();

export const MusicSchema = z
  .object({
    seed: z.string().min(1).max(100),
    job_id: z.uuid().nullable(),
    gain_db: z.number().min(-40).max(6).default(-6),
    /** The composer's tempo and where its beats and downbeats fall (seconds from the start). */
    bpm: z.number().positive().nullable(),
    beats: z.array(seconds).max(5000).default([]),
    downbeats: z.array(seconds).max(2000).default([]),
  })
  .strict();

export const CaptionsSchema = z
  .object({
    style: CaptionStyleSchema,
    position: CaptionPositionSchema.default('bottom'),
    /** Font size as a fraction of the output's height. */
    size: z.number().min(0.02).max(0.1).default(0.045),
    highlight_color: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#FFD400'),
  })
  .strict();

export const TimelineSchema = z
  .object({
    version: z.number().int().min(1),
    duration: z.number().finite().min(1).max(600),
    platform: PlatformSchema,
    output: OutputPresetIdSchema,
    shots: z.array(ShotSchema).min(1).max(30),
    narration: NarrationSchema.nullable(),
    music: MusicSchema.nullable(),
    captions: CaptionsSchema,
  })
  .strict();

export type Timeline = z.infer<typeof TimelineSchema>;
export type Shot = z.infer<typeof ShotSchema>;
export type Narration = z.infer<typeof NarrationSchema>;
export type Music = z.infer<typeof MusicSchema>;
export type Captions = z.infer<typeof CaptionsSchema>;
export type WordTime = z.infer<typeof WordTimeSchema>;
