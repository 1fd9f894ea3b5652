import type { Lighting } from '@/lib/strategy';

/** Lighting setup → colour grade. Each is a plain filter chain applied to the framed output. */
export const GRADES: Record<Lighting, string> = {
  golden_hour: 'colorbalance=rs=0.18:gs=0.06:bs=-0.2:rm=0.12:gm=0.03:bm=-0.12:rh=0.08:bh=-0.08,eq=saturation=1.15:contrast=1.05:gamma=1.04',
  neon_glow: 'eq=saturation=1.7:contrast=1.12,colorbalance=rs=0.22:gs=-0.2:bs=0.3:rm=0.12:gm=-0.15:bm=0.2:rh=0.1:bh=0.12',
  neon_noir: 'eq=saturation=1.5:contrast=1.35:brightness=-0.07,colorbalance=rs=0.12:gs=-0.22:bs=0.35:rm=0.08:gm=-0.12:bm=0.22',
  high_contrast: "curves=all='0/0 0.25/0.12 0.5/0.5 0.75/0.9 1/1',eq=saturation=1.1",
  soft_key: "curves=all='0/0.08 0.5/0.53 1/0.94',eq=saturation=0.9",
  natural: 'eq=saturation=1.03:contrast=1.02',
  warm_ambient: "colorbalance=rs=0.1:gs=0.03:bs=-0.1:rm=0.06:bm=-0.06,curves=all='0/0.05 0.5/0.54 1/0.97',eq=saturation=0.95",
  volumetric: 'eq=brightness=0.03:contrast=0.95:saturation=0.9',
};

/** Volumetric light also gets bloom: a blurred copy screened over the picture. */
export const needsBloom = (lighting: Lighting) => lighting === 'volumetric' || lighting === 'neon_glow';
