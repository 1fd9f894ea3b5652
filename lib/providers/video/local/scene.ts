import { fnv1a } from '@/lib/strategy';

/**
 * Soft light orbs drifting over a graded backdrop, like out-of-focus city lights: cheap at low
 * resolution, smooth when scaled up. geq is an interpreter, so it computes each of the four
 * fields once per pixel (three orbs and the backdrop, in the red, green, blue and alpha planes)
 * and colorchannelmixer mixes them into the colour of each channel (a fixed linear mix, in C).
 */
export function proceduralSceneFilters(seed: string): string {
  const h = fnv1a(seed);
  const p = (shift: number, scale = 1) => (((h >>> shift) & 0xff) / 255) * scale;
  const orb = (x: number, y: number, dx: number, dy: number, sx: number, sy: number, phase: number, size: number) =>
    `0.5+255*exp(-(pow(X-W*(${x.toFixed(2)}+${dx.toFixed(2)}*sin(T*${sx.toFixed(2)}+${phase.toFixed(2)})),2)+pow(Y-H*(${y.toFixed(2)}+${dy.toFixed(2)}*cos(T*${sy.toFixed(2)}+${(phase * 0.7).toFixed(2)})),2))/(2*pow(W*${size.toFixed(3)},2)))`;
  const a = orb(0.25 + p(0, 0.2), 0.4, 0.18, 0.14, 0.35 + p(8, 0.3), 0.3, p(16, 6), 0.15);
  const b = orb(0.62 + p(4, 0.15), 0.6, 0.16, 0.16, 0.28 + p(12, 0.3), 0.5, p(20, 6), 0.12);
  const c = orb(0.5, 0.22, 0.4, 0.1, 0.2 + p(24, 0.2), 0.6, p(2, 6), 0.05);
  const backdrop = `0.5+14+30*Y/H+8*sin(X/W*9+Y/H*3+T*0.7)`;
  // Each orb has its own hue; the lighting grade then pulls the whole frame toward its look.
  const hue = [p(6), p(14), p(22)];
  const mix = (channel: 'r' | 'g' | 'b', base: number, ka: number, kb: number, kc: number) =>
    `${channel}r=${(Math.round(ka) / 255).toFixed(4)}:${channel}g=${(Math.round(kb) / 255).toFixed(4)}:${channel}b=${(Math.round(kc) / 255).toFixed(4)}:${channel}a=${base.toFixed(2)}`;
  return [
    'format=gbrap',
    `geq=r='${a}':g='${b}':b='${c}':a='${backdrop}'`,
    `colorchannelmixer=${[
      mix('r', 1.0, 150 + 80 * hue[0], 70 + 60 * hue[1], 150),
      mix('g', 0.75, 110 + 40 * hue[1], 90 + 50 * hue[2], 140),
      mix('b', 1.3, 60 + 80 * hue[2], 150 + 60 * hue[0], 160),
    ].join(':')}:aa=0`,
    'format=gbrp',
  ].join(',');
}

/** Low-resolution size of the procedural source (short side 36 px): geq is an interpreter, so every pixel counts. */
export function sceneSize(width: number, height: number): { w: number; h: number } {
  const scale = 36 / Math.min(width, height);
  const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);
  return { w: even(width * scale), h: even(height * scale) };
}

/** The light drifts slowly, so the source is drawn 10 times a second; the camera still moves every frame. */
export const SCENE_FPS = 10;

/** The prompt as a title: at most ~80 characters cut at a word, wrapped to fit the frame. */
export function titleLines(prompt: string, width: number, fontSize: number): string {
  const clean = prompt.replace(/\s+/g, ' ').trim();
  let text = clean;
  if (text.length > 80) {
    const cut = text.slice(0, 80);
    text = `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40)).trim()}…`;
  }
  const perLine = Math.max(12, Math.floor((width * 0.8) / (fontSize * 0.55)));
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= perLine) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.slice(0, 3).join('\n');
}
