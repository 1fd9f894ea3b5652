export { renderLocalVideo, LocalRenderInputSchema, type LocalRenderInput, type LocalRenderResult } from './render';
export { CAMERA_MOVES } from './camera';
export { GRADES } from './grade';
export { LocalVideoProvider } from './provider';
