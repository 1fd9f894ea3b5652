import type { Category as MoodCategory } from '@/lib/strategy';

/**
 * One interface per audio capability. Each engine writes its result into a file it is given (or
 * a directory, for stems) and says what it made; the pipeline stores it, probes it and records
 * the asset, the same path for local engines and external APIs.
 */

export interface AudioEngineInfo {
  /** `local` engines need no key; others need their environment configured. */
  name: string;
  local: boolean;
  /** Shown next to the engine in the UI, e.g. "unofficial wrapper — may break". */
  note?: string;
}

export interface SpeechRequest {
  text: string;
  voice?: string;
  /** 1 = normal pace. */
  speed?: number;
  language?: string;
  model?: string;
}

export interface SpeechEngine extends AudioEngineInfo {
  voices(): string[];
  /** Writes the speech to `outputFile` (any container ffmpeg reads) and returns its format. */
  synthesize(request: SpeechRequest, outputFile: string, signal?: AbortSignal): Promise<{ extension: string; cost?: Record<string, unknown> }>;
}

export interface MusicRequest {
  prompt: string;
  durationSeconds: number;
  /** 0–100, the studio's mood slider; local composition follows its category. */
  mood: number;
  moodCategory: MoodCategory;
  seed?: string;
  instrumental?: boolean;
  model?: string;
}

export interface MusicEngine extends AudioEngineInfo {
  compose(request: MusicRequest, outputFile: string, signal?: AbortSignal): Promise<{ extension: string; cost?: Record<string, unknown>; details?: Record<string, unknown> }>;
}

export interface TranscriptSegment {
  start: number;
  end: number;
  text: string;
}

export interface TranscriptWord {
  word: string;
  start: number;
  end: number;
}

/** What every transcription engine returns, stored as `audio_jobs.transcription`. Times in seconds. */
export interface Transcription {
  text: string;
  language: string | null;
  duration: number;
  segments: TranscriptSegment[];
  words: TranscriptWord[];
}

export interface TranscriptionRequest {
  /** A local audio or video file. */
  file: string;
  language?: string;
  /** A known script (TTS narration, lyrics): aligners time it instead of recognising free speech. */
  expectedText?: string;
  signal?: AbortSignal;
}

export interface TranscriptionEngine extends AudioEngineInfo {
  /** Whether the engine can run here now (binary installed, key configured). */
  available(): boolean;
  /** Aligners need `expectedText`; recognisers do not. */
  requiresExpectedText: boolean;
  transcribe(request: TranscriptionRequest): Promise<Transcription & { cost?: Record<string, unknown> }>;
}

export interface Stem {
  /** e.g. vocals, accompaniment, bass, drums. */
  name: string;
  file: string;
}

export interface StemEngine extends AudioEngineInfo {
  separate(inputFile: string, outputDir: string, signal?: AbortSignal): Promise<{ stems: Stem[]; cost?: Record<string, unknown> }>;
}

export class AudioEngineError extends Error {
  constructor(
    message: string,
    /** permanent: the input or configuration is wrong, retrying will not help. */
    readonly kind: 'transient' | 'permanent' = 'permanent',
  ) {
    super(message);
    this.name = 'AudioEngineError';
  }
}
