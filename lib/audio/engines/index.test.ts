import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The local speech and music engines are other modules' business; stand-ins keep this test about the registry.
vi.mock('../local/speech', () => ({
  LocalSpeechEngine: class {
    readonly name = 'local';
    readonly local = true;
    readonly note = 'espeak';
    voices() {
      return ['en'];
    }
  },
}));
vi.mock('../local/music', () => ({
  LocalMusicEngine: class {
    readonly name = 'local';
    readonly local = true;
  },
}));

const { describeAudioEngines, musicEngine, speechEngine, stemEngine } = await import('./index');

const VARS = [
  'ELEVENLABS_API_KEY', 'OPENAI_API_KEY', 'STABILITY_API_KEY', 'REPLICATE_API_TOKEN', 'REPLICATE_MUSICGEN_VERSION', 'REPLICATE_DEMUCS_VERSION',
  'SUNO_UNOFFICIAL_API_KEY', 'SUNO_UNOFFICIAL_BASE_URL',
];
let saved: NodeJS.ProcessEnv;
beforeEach(() => {
  saved = { ...process.env };
  for (const v of VARS) delete process.env[v];
});
afterEach(() => {
  process.env = saved;
});

describe('audio engine registry', () => {
  it('always has the local engines and nothing external without keys', () => {
    expect(speechEngine('local')?.name).toBe('local');
    expect(musicEngine('local')?.name).toBe('local');
    expect(stemEngine('local')?.name).toBe('local');
    for (const name of ['elevenlabs', 'openai', 'nope']) expect(speechEngine(name)).toBeNull();
    for (const name of ['elevenlabs', 'stable-audio', 'replicate-musicgen', 'suno-unofficial']) expect(musicEngine(name)).toBeNull();
    expect(stemEngine('replicate-demucs')).toBeNull();
    const d = describeAudioEngines();
    expect(d.speech).toEqual([
      { name: 'local', local: true, configured: true, note: 'espeak', voices: ['en'] },
      { name: 'elevenlabs', local: false, configured: false },
      { name: 'openai', local: false, configured: false },
    ]);
    expect(d.music.map((m) => [m.name, m.configured])).toEqual([['local', true], ['elevenlabs', false], ['stable-audio', false], ['replicate-musicgen', false], ['suno-unofficial', false]]);
    expect(d.music.find((m) => m.name === 'suno-unofficial')?.note).toMatch(/^UNOFFICIAL/);
    expect(d.stems).toEqual([
      { name: 'local', local: true, configured: true, note: 'approximation by stereo-field and band analysis, not a neural separator' },
      { name: 'replicate-demucs', local: false, configured: false },
    ]);
  });

  it('turns external engines on from the environment', () => {
    Object.assign(process.env, { ELEVENLABS_API_KEY: 'k', OPENAI_API_KEY: 'k', STABILITY_API_KEY: 'k', REPLICATE_API_TOKEN: 'k', REPLICATE_DEMUCS_VERSION: 'v' });
    expect(speechEngine('elevenlabs')?.name).toBe('elevenlabs');
    expect(speechEngine('openai')?.voices()).toContain('alloy');
    expect(musicEngine('elevenlabs')?.name).toBe('elevenlabs');
    expect(musicEngine('stable-audio')?.name).toBe('stable-audio');
    expect(stemEngine('replicate-demucs')?.name).toBe('replicate-demucs');
    // MusicGen is returned (so it can name the missing variable) but not reported ready without a version.
    expect(musicEngine('replicate-musicgen')?.name).toBe('replicate-musicgen');
    expect(describeAudioEngines().music.find((m) => m.name === 'replicate-musicgen')?.configured).toBe(false);
    process.env.REPLICATE_MUSICGEN_VERSION = 'v';
    expect(describeAudioEngines().music.find((m) => m.name === 'replicate-musicgen')?.configured).toBe(true);
    const speech = describeAudioEngines().speech;
    expect(speech.find((s) => s.name === 'openai')).toMatchObject({ configured: true, voices: expect.arrayContaining(['alloy', 'cedar']) });
    expect(speech.find((s) => s.name === 'elevenlabs')?.voices?.[0]).toBe('JBFqnCBsd6RMkjVDRZzb');
  });

  it('needs both Suno variables: the unofficial wrapper is opt-in', () => {
    process.env.SUNO_UNOFFICIAL_API_KEY = 'k';
    expect(musicEngine('suno-unofficial')).toBeNull();
    process.env.SUNO_UNOFFICIAL_BASE_URL = 'https://wrapper.example.com';
    expect(musicEngine('suno-unofficial')?.note).toMatch(/UNOFFICIAL/);
  });
});
