/**
 * A small WebVTT checker for tests: the `WEBVTT` header and a blank line, then blocks of a timing
 * line and text; start < end, cues in start order, no "-->", raw "<" or bare "&" in cue text.
 * Returns the cues and every problem found (empty when valid).
 */
export interface VttCue {
  start: number;
  end: number;
  text: string[];
}

const TIMING = /^(\d{2}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2}):(\d{2}):(\d{2})\.(\d{3})$/;
const at = (m: RegExpExecArray, i: number) => Number(m[i]) * 3600 + Number(m[i + 1]) * 60 + Number(m[i + 2]) + Number(m[i + 3]) / 1000;

export function checkWebVtt(vtt: string): { cues: VttCue[]; problems: string[] } {
  const problems: string[] = [];
  const cues: VttCue[] = [];
  if (!vtt.startsWith('WEBVTT\n\n')) problems.push('missing "WEBVTT" header and blank line');
  for (const block of vtt.replace(/^WEBVTT\n\n/, '').split('\n\n').filter((b) => b.trim())) {
    const [timing, ...text] = block.split('\n');
    const m = TIMING.exec(timing);
    if (!m) {
      problems.push(`bad timing line: ${timing}`);
      continue;
    }
    const cue = { start: at(m, 1), end: at(m, 5), text };
    if (!(cue.end > cue.start)) problems.push(`cue ends before it starts: ${timing}`);
    const prev = cues[cues.length - 1];
    if (prev && cue.start < prev.start) problems.push(`cue out of order: ${timing}`);
    if (!text.length) problems.push(`cue without text: ${timing}`);
    for (const line of text) {
      if (line.includes('-->')) problems.push(`"-->" in cue text: ${line}`);
      if (!line.trim()) problems.push(`blank line inside a cue at ${timing}`);
      if (/<|&(?!amp;|lt;|gt;)/.test(line)) problems.push(`unescaped markup in cue text: ${line}`);
    }
    cues.push(cue);
  }
  return { cues, problems };
}
