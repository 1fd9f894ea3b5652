import type { CameraMovement } from '@/lib/strategy';

/**
 * A virtual camera over a canvas larger than the output: each move is a zoom z(t), a rotation
 * a(t) and a framing (fx, fy: where the window sits in the spare margin, 0 = left/top, 1 =
 * right/bottom). `t` is seconds and `D` the duration; both are substituted by the renderer.
 */
export interface CameraMove {
  zoom: string;
  angle: string;
  fx: string;
  fy: string;
  /** Temporal blur for fast moves (costly; only on moves without zoom). */
  motionBlur: boolean;
}

const P = 'min(1,t/D)';
const easeInOut = `(0.5-0.5*cos(PI*${P}))`;
const easeOut = `(1-pow(1-${P},3))`;

export const CAMERA_MOVES: Record<CameraMovement, CameraMove> = {
  static_focus: { zoom: `1+0.03*${P}`, angle: '', fx: '0.5', fy: '0.5', motionBlur: false },
  handheld_subtle: { zoom: '1', angle: '', fx: '0.5+0.2*sin(2.1*t)+0.08*sin(5.3*t+1)', fy: '0.5+0.18*sin(1.6*t+2)+0.08*sin(4.7*t)', motionBlur: false },
  dolly_zoom: { zoom: `1+0.35*${easeInOut}`, angle: '', fx: `0.5-0.15*${easeInOut}`, fy: '0.5', motionBlur: false },
  dolly_slow: { zoom: `1+0.18*${P}`, angle: '', fx: '0.5', fy: `0.55-0.1*${P}`, motionBlur: false },
  crane_up: { zoom: '1', angle: '', fx: '0.5', fy: `1-${easeInOut}`, motionBlur: false },
  pan_slow: { zoom: '1', angle: '', fx: `0.1+0.8*${P}`, fy: '0.5', motionBlur: false },
  crash_zoom_in: { zoom: `1+0.9*min(1,pow(${P}/0.35,2))`, angle: '', fx: '0.5', fy: '0.5', motionBlur: false },
  whip_pan_right: { zoom: '1', angle: '', fx: `1/(1+exp(-14*(${P}-0.5)))`, fy: '0.5', motionBlur: true },
  fpv_drone: { zoom: `1+0.6*${easeOut}`, angle: '0.12*sin(2.2*t)', fx: `0.2+0.6*${easeInOut}`, fy: '0.5+0.25*sin(1.3*t)', motionBlur: false },
  spiral_zoom: { zoom: `1+0.7*${P}`, angle: `1.6*${P}`, fx: '0.5', fy: '0.5', motionBlur: false },
  through_object: { zoom: `1+1.4*pow(${P},2)`, angle: `0.2*${P}`, fx: '0.5+0.1*sin(3*t)', fy: '0.5', motionBlur: false },
  bullet_time: { zoom: `1.1+0.15*${P}`, angle: '0.35*sin(0.9*t)', fx: `0.5+0.45*sin(PI*${P})*cos(1.2*t)`, fy: '0.5', motionBlur: false },
};

/** The canvas is this much larger than the output, so pans, shakes and rotations never show an edge. */
export const CANVAS_MARGIN = 1.5;
