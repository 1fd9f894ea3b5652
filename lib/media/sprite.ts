/** The hover-scrub strip: one row of this many frames, each this wide. */
export const SPRITE_FRAMES = 10;
export const SPRITE_WIDTH = 160;
