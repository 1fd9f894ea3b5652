import { ASPECT_RATIOS, type CameraMovement, type Lighting } from '@/lib/strategy';
import type { InProcessVideoProvider, RenderOptions, VideoCapabilities, VideoSubmission } from '../types';
import { renderLocalVideo } from './render';

/** The built-in renderer behind the common provider interface: every aspect, any duration, no key. */
export class LocalVideoProvider implements InProcessVideoProvider {
  readonly kind = 'in-process' as const;
  readonly name = 'local';

  capabilities(): VideoCapabilities {
    return {
      textToVideo: true,
      imageToVideo: true,
      aspectRatios: [...ASPECT_RATIOS],
      durations: [5, 10, 15, 30, 60],
      durationRange: { min: 1, max: 120 },
      models: ['procedural-ffmpeg'],
      defaultModel: 'procedural-ffmpeg',
      webhooks: false,
      minPollSeconds: 0,
    };
  }

  async render(s: Omit<VideoSubmission, 'seed'> & { seed?: string; titleCard?: boolean }, outputFile: string, options: RenderOptions): Promise<void> {
    if (!s.cameraMovement || !s.lighting) throw new Error('the local renderer needs the planned camera movement and lighting');
    await renderLocalVideo(
      {
        generationType: s.generationType,
        prompt: s.prompt,
        cameraMovement: s.cameraMovement as CameraMovement,
        lighting: s.lighting as Lighting,
        aspectRatio: s.aspectRatio,
        durationSeconds: s.durationSeconds,
        imageFile: s.imagePath,
        seed: s.seed,
        titleCard: s.titleCard,
      },
      outputFile,
      options,
    );
  }
}
