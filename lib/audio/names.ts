/** Engine names per capability (dependency-free, so contracts and the browser can import them). */
export const SPEECH_ENGINES = ['local', 'elevenlabs', 'openai'] as const;
export const MUSIC_ENGINES = ['local', 'elevenlabs', 'stable-audio', 'replicate-musicgen', 'suno-unofficial'] as const;
export const STEM_ENGINES = ['local', 'replicate-demucs'] as const;
export const TRANSCRIPTION_ENGINES = ['openai', 'elevenlabs', 'pocketsphinx'] as const;
export type TranscriptionEngineName = (typeof TRANSCRIPTION_ENGINES)[number];
