import { CAMERA_DETAILS, LIGHTING_DETAILS, MOOD_MATRIX, type CameraMovement, type Category, type Lighting } from './matrix';
import { PLATFORM_PRESETS, type AspectRatio, type Platform } from './platforms';

/** Budget for the enriched prompt, in UTF-16 code units (what String#length counts). */
export const ENRICHED_PROMPT_MAX = 1000;

const COMMON_NEGATIVE = ['blurry', 'low resolution', 'watermark', 'text artifacts', 'distorted faces', 'jitter'];

const CATEGORY_NEGATIVE: Readonly<Record<Category, readonly string[]>> = {
  high_energy: ['static', 'dull', 'washed-out colours', 'sluggish motion'],
  luxury_reveal: ['cheap-looking', 'cluttered background', 'harsh flat lighting', 'shaky camera'],
  intimate_story: ['cold', 'sterile', 'over-stylised', 'frantic motion'],
  surreal_trip: ['mundane', 'flat realism', 'plain background', 'muted colours'],
};

/** Trim and collapse runs of whitespace (including newlines) to single spaces. */
export function normalizePrompt(prompt: string): string {
  return prompt.trim().replace(/\s+/g, ' ');
}

/** "a, b and c": keywords read as prose, not as a tag list. */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export interface EnrichInput {
  prompt: string;
  category: Category;
  camera: CameraMovement;
  lighting: Lighting;
  platform: Platform;
  aspect: AspectRatio;
}

/**
 * Cinematic sentences from richest to leanest. When the user's prompt is long
 * we fall down this list, so our vocabulary shrinks before their words ever would.
 */
function cinematicTiers({ category, camera, lighting, platform, aspect }: EnrichInput): string[] {
  const cam = CAMERA_DETAILS[camera];
  const light = LIGHTING_DETAILS[lighting];
  const keywords = joinWords(MOOD_MATRIX[category].keywords);
  const pacing = PLATFORM_PRESETS[platform].pacing;
  return [
    `Shot as ${cam.description} under ${light.description} — ${keywords}, framed for ${aspect} with ${pacing}.`,
    `Shot as ${cam.description} under ${light.description} — ${keywords}, framed for ${aspect}.`,
    `Shot as ${cam.description} under ${light.description}.`,
    `${cam.label}, ${light.label.toLowerCase()} light.`,
  ];
}

/**
 * The user's prompt (normalised, always verbatim) followed by one cinematic
 * sentence that fits the 1,000-character budget.
 *
 * Budget rule: the user's words are never cut. If the prompt alone is longer
 * than ENRICHED_PROMPT_MAX (the request schema allows up to 2,000), it is
 * returned as-is with nothing appended, which is the one case where the
 * result exceeds the limit. Otherwise the result is always within it.
 */
export function enrichPrompt(input: EnrichInput): string {
  const user = normalizePrompt(input.prompt);
  if (user.length >= ENRICHED_PROMPT_MAX) return user;
  // Close the user's sentence so ours starts cleanly; their words stay untouched.
  const lead = /[.!?…]["'”’)\]]*$/u.test(user) ? user : `${user}.`;
  for (const tier of cinematicTiers(input)) {
    const candidate = `${lead} ${tier}`;
    if (candidate.length <= ENRICHED_PROMPT_MAX) return candidate;
  }
  return user;
}

/** Artefacts every model should avoid, plus the look that would betray this category's mood. */
export function negativePrompt(category: Category): string {
  return [...COMMON_NEGATIVE, ...CATEGORY_NEGATIVE[category]].join(', ');
}
