import { LocalMusicEngine } from '../local/music';
import { LocalSpeechEngine } from '../local/speech';
import { LocalStemEngine } from '../local/stems';
import type { MusicEngine, SpeechEngine, StemEngine } from '../types';
import { ElevenLabsMusicEngine } from './elevenlabs-music';
import { ElevenLabsSpeechEngine, elevenLabsConfigFromEnv } from './elevenlabs-speech';
import { OpenAISpeechEngine, openAISpeechConfigFromEnv } from './openai-speech';
import { ReplicateDemucsEngine, replicateDemucsConfigFromEnv } from './replicate-demucs';
import { ReplicateMusicgenEngine, replicateMusicgenConfigFromEnv } from './replicate-musicgen';
import { StableAudioEngine, stableAudioConfigFromEnv } from './stable-audio';
import { SUNO_NOTE, SunoUnofficialEngine, sunoConfigFromEnv } from './suno-unofficial';

/**
 * Every audio engine by name. Local engines are always there; external ones only when their
 * environment is set (read on each call, so a changed environment takes effect without a restart).
 */

interface Entry<E> {
  name: string;
  local: boolean;
  /** The engine, or null when its environment is not set. */
  create: () => E | null;
  /** Whether it can actually run; defaults to "create() returned an engine". */
  ready?: () => boolean;
  /** Shown even when unconfigured. */
  note?: string;
}

const SPEECH: Entry<SpeechEngine>[] = [
  { name: 'local', local: true, create: () => new LocalSpeechEngine() },
  { name: 'elevenlabs', local: false, create: () => { const c = elevenLabsConfigFromEnv(); return c && new ElevenLabsSpeechEngine(c); } },
  { name: 'openai', local: false, create: () => { const c = openAISpeechConfigFromEnv(); return c && new OpenAISpeechEngine(c); } },
];

const MUSIC: Entry<MusicEngine>[] = [
  { name: 'local', local: true, create: () => new LocalMusicEngine() },
  { name: 'elevenlabs', local: false, create: () => { const c = elevenLabsConfigFromEnv(); return c && new ElevenLabsMusicEngine(c); } },
  { name: 'stable-audio', local: false, create: () => { const c = stableAudioConfigFromEnv(); return c && new StableAudioEngine(c); } },
  {
    name: 'replicate-musicgen',
    local: false,
    // Returned with the token alone so that compose() can say which variable is missing.
    create: () => { const c = replicateMusicgenConfigFromEnv(); return c && new ReplicateMusicgenEngine(c); },
    ready: () => !!replicateMusicgenConfigFromEnv()?.version,
  },
  { name: 'suno-unofficial', local: false, note: SUNO_NOTE, create: () => { const c = sunoConfigFromEnv(); return c && new SunoUnofficialEngine(c); } },
];

const STEMS: Entry<StemEngine>[] = [
  { name: 'local', local: true, create: () => new LocalStemEngine() },
  { name: 'replicate-demucs', local: false, create: () => { const c = replicateDemucsConfigFromEnv(); return c && new ReplicateDemucsEngine(c); } },
];

const find = <E>(list: Entry<E>[], name: string): E | null => list.find((e) => e.name === name)?.create() ?? null;

export const speechEngine = (name: string): SpeechEngine | null => find(SPEECH, name);
export const musicEngine = (name: string): MusicEngine | null => find(MUSIC, name);
export const stemEngine = (name: string): StemEngine | null => find(STEMS, name);

export interface AudioEngineDescription {
  name: string;
  local: boolean;
  configured: boolean;
  note?: string;
  voices?: string[];
}

function describe<E extends { note?: string }>(entry: Entry<E>, voices?: (engine: E) => string[]): AudioEngineDescription {
  const engine = entry.create();
  const configured = entry.ready ? entry.ready() : !!engine;
  const note = engine?.note ?? entry.note;
  return {
    name: entry.name,
    local: entry.local,
    configured,
    ...(note ? { note } : {}),
    ...(engine && configured && voices ? { voices: voices(engine) } : {}),
  };
}

/** For the UI: every engine, whether it is usable here, its caveat and (speech) its voices. */
export function describeAudioEngines(): { speech: AudioEngineDescription[]; music: AudioEngineDescription[]; stems: AudioEngineDescription[] } {
  return {
    speech: SPEECH.map((e) => describe(e, (engine) => engine.voices())),
    music: MUSIC.map((e) => describe(e)),
    stems: STEMS.map((e) => describe(e)),
  };
}
