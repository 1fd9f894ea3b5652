import { randomBytes } from 'node:crypto';
import { AppError } from '@/lib/errors';
import { planVideoStrategy } from '@/lib/api/contracts/strategy';
import { route } from '@/lib/api/route';
import { planStrategy, StrategyInputError } from '@/lib/strategy';

export const dynamic = 'force-dynamic';

/** 40 random bits: plenty to tell plans apart, short enough to read out or paste back in. */
const freshSeed = (): string => randomBytes(5).toString('hex');

// POST /api/video/strategy – camera, lighting and prompt variations for a prompt and a mood; nothing is stored
export const POST = route(
  planVideoStrategy,
  async ({ body }) => {
    try {
      return planStrategy(body, { defaultSeed: freshSeed() });
    } catch (err) {
      // The schema cannot know platform limits (aspect ratio, duration); the engine reports those.
      if (err instanceof StrategyInputError) {
        throw new AppError('unprocessable_entity', err.message, [{ path: err.field, message: err.message }]);
      }
      throw err;
    }
  },
);
