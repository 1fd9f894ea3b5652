import type { AudioJobView } from '@/components/media-api';

/** Display names for audio engine ids; an unknown id shows as itself. */
const ENGINE_LABELS: Record<string, string> = {
  auto: 'Auto',
  local: 'Local',
  elevenlabs: 'ElevenLabs',
  openai: 'OpenAI',
  'stable-audio': 'Stable Audio',
  'replicate-musicgen': 'Replicate · MusicGen',
  'replicate-demucs': 'Replicate · Demucs',
  'suno-unofficial': 'Suno (unofficial)',
  pocketsphinx: 'Local aligner (SoundSwallower)',
};

export const engineLabel = (id: string) => ENGINE_LABELS[id] ?? id;

export type AudioJobType = AudioJobView['generation_type'];

export const JOB_TYPE_LABELS: Readonly<Record<AudioJobType, string>> = {
  text_to_speech: 'Speech',
  text_to_music: 'Music',
  stem_separation: 'Stems',
  transcription: 'Transcript',
};

/** "stem:vocals" → "vocals"; the single output of speech or music is named after the job. */
export function roleLabel(role: string, type: AudioJobType): string {
  if (role.startsWith('stem:')) return role.slice('stem:'.length);
  if (role === 'output') return JOB_TYPE_LABELS[type];
  return role;
}

/** The forms on the audio page, in tab order; `?tab=` picks the open one. */
export const AUDIO_TABS = ['speech', 'music', 'transcribe'] as const;
export type AudioTabId = (typeof AUDIO_TABS)[number];
export const isAudioTab = (value: unknown): value is AudioTabId => (AUDIO_TABS as readonly unknown[]).includes(value);
