import { afterEach, describe, expect, it, vi } from 'vitest';

/** A fresh module per case: the chosen build is cached for the life of the process. */
async function fresh(env: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  vi.resetModules();
  return import('./ffmpeg');
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('FFMPEG_BUILD', () => {
  it('lists the npm build (it is a dependency) and the system one only when ffmpeg is on PATH', async () => {
    const withPath = await fresh({});
    expect(withPath.availableFfmpegBuilds()).toContain('npm');
    const noPath = await fresh({ PATH: '' });
    expect(noPath.availableFfmpegBuilds()).toEqual(['npm']);
  });

  it('runs the npm build by default, whatever is on PATH', async () => {
    expect((await fresh({ FFMPEG_BUILD: undefined })).ffmpegInfo().ffmpeg.source).toBe('npm');
  });

  it('auto takes the system build when there is one, else npm', async () => {
    const { availableFfmpegBuilds, ffmpegInfo } = await fresh({ FFMPEG_BUILD: 'auto' });
    expect(ffmpegInfo().ffmpeg.source).toBe(availableFfmpegBuilds()[0]);
    expect((await fresh({ PATH: '', FFMPEG_BUILD: 'auto' })).ffmpegInfo().ffmpeg.source).toBe('npm');
  });

  it('npm pins the npm build even with ffmpeg on PATH', async () => {
    const info = (await fresh({ FFMPEG_BUILD: 'npm' })).ffmpegInfo();
    expect(info).toMatchObject({ ffmpeg: { source: 'npm' } });
    expect(info.ffmpeg.path).toContain('@ffmpeg-installer');
  });

  it('refuses an unknown value, and system without ffmpeg on PATH, with a clear error', async () => {
    await expect(fresh({ FFMPEG_BUILD: 'newest' }).then((m) => m.ffmpegInfo())).rejects.toThrow(/auto, system or npm/);
    await expect(fresh({ PATH: '', FFMPEG_BUILD: 'system' }).then((m) => m.ffmpegInfo())).rejects.toThrow(/no runnable ffmpeg on PATH/);
  });
});
