import { MediaError } from '@/lib/media/ffmpeg';
import type { ComposeShot } from './compose';
import type { OutputPreset } from './timeline';

// The picture half of the composition graph. Every shot is normalised to the preset (size, fps,
// SAR, pixel format), cut into head / body / tail by frame number, and the pieces are
// concatenated; only a transition's frames go through overlay, so a long shot costs one scale
// and nothing more. xfade would be simpler but the npm build (2018) has none; overlay + an
// alpha fade or a moving x does the same on both builds.

/** How long a fade or slide lasts; the incoming shot starts this much before the previous one ends. */
export const TRANSITION_SECONDS = 0.4;

export interface ShotPlan {
  shot: ComposeShot;
  /** Frames this shot contributes, counted at the preset's fps (its head overlaps the previous tail). */
  frames: number;
  /** Frames it overlaps the previous shot (0 for a cut and for the first shot). */
  overlap: number;
}

/** Where each shot starts on the output timeline, seconds (the same rule the composer uses). */
export function shotStarts(shots: Pick<ComposeShot, 'duration' | 'transition'>[]): number[] {
  const starts: number[] = [];
  let at = 0;
  shots.forEach((shot, i) => {
    const overlap = i > 0 && shot.transition !== 'cut' ? Math.min(TRANSITION_SECONDS, shot.duration / 2, shots[i - 1].duration / 2) : 0;
    at = i === 0 ? 0 : at - overlap;
    starts.push(at);
    at += shot.duration;
  });
  return starts;
}

/**
 * Frame counts of each shot. The shots must add up to `duration` (transitions subtracted) within
 * one frame; that rounding is absorbed by the last shot, so the output is exactly `duration`.
 */
export function planShots(shots: ComposeShot[], duration: number, fps: number): ShotPlan[] {
  const wanted = Math.round(duration * fps);
  const plans = shots.map((shot, i) => {
    if (!(shot.duration > 0)) throw new MediaError(`shot ${i + 1} needs a positive duration`);
    if (!(shot.trimIn >= 0)) throw new MediaError(`shot ${i + 1} has a negative trim`);
    const frames = Math.max(2, Math.round(shot.duration * fps));
    const prev = i > 0 ? Math.max(2, Math.round(shots[i - 1].duration * fps)) : 0;
    const overlap = i > 0 && shot.transition !== 'cut' ? Math.min(Math.round(TRANSITION_SECONDS * fps), Math.floor(frames / 2), Math.floor(prev / 2)) : 0;
    return { shot, frames, overlap };
  });
  const total = plans.reduce((sum, p) => sum + p.frames - p.overlap, 0);
  if (Math.abs(total - wanted) > 1) {
    throw new MediaError(`the shots last ${(total / fps).toFixed(3)} s after transitions but the production lasts ${duration} s`);
  }
  const last = plans[plans.length - 1];
  last.frames += wanted - total;
  return plans;
}

/**
 * A path as a filter option value inside -filter_complex: escaped for the option parser
 * (\ ' :) and then for the graph parser (\ ' [ ] , ;), as the local renderer does.
 */
export const filterPath = (file: string) => file.replace(/[\\':]/g, (c) => `\\${c}`).replace(/[\\'[\],;]/g, (c) => `\\${c}`);

/** Scaled to the preset: crop-to-fill, or fitted inside a blurred, darkened crop-fill of itself. */
function fitShot(shot: ComposeShot, label: string, out: string, W: number, H: number): string[] {
  // Cropped to the preset's aspect at the source's size first, so a wide clip in a tall frame is
  // never scaled up whole (scale-then-crop built a 3413×1920 frame per frame for 1280×720).
  const aspect = `crop='min(iw,ih*${W}/${H})':'min(ih,iw*${H}/${W})'`;
  const fill = `${aspect},scale=${W}:${H}:flags=bicubic`;
  if (shot.fit !== 'pad_blur') return [`[${label}]${fill},setsar=1[${out}]`];
  // The backdrop is blurred at an eighth of the size: the same look for a fraction of the work.
  const w8 = Math.round(W / 16) * 2;
  const h8 = Math.round(H / 16) * 2;
  return [
    `[${label}]split[${out}f][${out}b]`,
    `[${out}b]${aspect},scale=${w8}:${h8},boxblur=6:2,eq=brightness=-0.12:saturation=0.85,scale=${W}:${H}:flags=bilinear,setsar=1[${out}bg]`,
    `[${out}f]scale='if(gt(a,${W}/${H}),${W},-2)':'if(gt(a,${W}/${H}),-2,${H})':flags=bicubic,setsar=1[${out}fg]`,
    `[${out}bg][${out}fg]overlay=(W-w)/2:(H-h)/2:format=yuv420[${out}]`,
  ];
}

/** The video graph: shots → [vout] (with captions burned in when assFile is given). */
export function videoGraph(plans: ShotPlan[], preset: OutputPreset, assFile: string | null): string {
  const { width: W, height: H, fps } = preset;
  const graph: string[] = [];
  const segments: string[] = [];
  plans.forEach((plan, i) => {
    const next = plans[i + 1]?.overlap ?? 0;
    // A clip goes through fps first, so a 60 fps source is scaled at 30. A still arrives at one
    // frame a second (decoding and scaling a looped PNG 30 times a second cost more than the
    // whole rest of the graph) and fps repeats the scaled frame by reference.
    if (plan.shot.kind === 'image') {
      graph.push(`[${i}:v]format=yuv420p[r${i}]`, ...fitShot(plan.shot, `r${i}`, `s${i}`, W, H), `[s${i}]fps=${fps}[f${i}]`);
    } else {
      graph.push(`[${i}:v]fps=${fps},format=yuv420p[r${i}]`, ...fitShot(plan.shot, `r${i}`, `f${i}`, W, H));
    }
    const parts: [string, number, number][] = [];
    if (plan.overlap) parts.push([`h${i}`, 0, plan.overlap]);
    if (plan.frames - plan.overlap - next > 0) parts.push([`b${i}`, plan.overlap, plan.frames - next]);
    if (next) parts.push([`t${i}`, plan.frames - next, plan.frames]);
    // tpad holds the last frame of a clip shorter than its slot. Timestamps are renumbered from
    // the frame count: tpad's first clone can repeat the last pts.
    const restamp = `setpts=N/(${fps}*TB)`;
    const pad = `tpad=stop_mode=clone:stop_duration=${(plan.frames / fps + 1).toFixed(3)}`;
    if (parts.length === 1) {
      graph.push(`[f${i}]${pad},trim=start_frame=${parts[0][1]}:end_frame=${parts[0][2]},${restamp}[${parts[0][0]}]`);
    } else {
      graph.push(`[f${i}]${pad},split=${parts.length}${parts.map(([l]) => `[${l}in]`).join('')}`);
      for (const [l, from, to] of parts) graph.push(`[${l}in]trim=start_frame=${from}:end_frame=${to},${restamp}[${l}]`);
    }
    if (plan.overlap) {
      const k = plan.overlap;
      const blend =
        plan.shot.transition === 'slide'
          ? `[t${i - 1}][h${i}]overlay=x='W*(1-n/${k})':y=0:format=yuv420[x${i}]`
          : `[h${i}]format=yuva420p,fade=t=in:s=0:n=${k}:alpha=1[ha${i}];[t${i - 1}][ha${i}]overlay=0:0:format=yuv420[x${i}]`;
      graph.push(blend);
      segments.push(`[x${i}]`);
    }
    if (parts.some(([l]) => l === `b${i}`)) segments.push(`[b${i}]`);
  });
  const tail = assFile ? `,ass=filename=${assFile}` : '';
  graph.push(`${segments.join('')}concat=n=${segments.length}:v=1:a=0${tail},format=yuv420p[vout]`);
  return graph.join(';');
}
