import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { Fft } from './fft';

/**
 * Centre-channel extraction by short-time Fourier analysis: per frequency bin, what L and R share
 * in level and phase is the centre. The similarity of one bin is
 *
 *   ψ = max(0, 2·Re(L·R̄)) / (|L|² + |R|²)
 *
 * which is 1 for L = R (a centred source), 0 when one side is silent (hard-panned) or the two are
 * in opposite phase, and in between for partly panned or decorrelated sound (reverb, stereo noise).
 * The centre bin is ψ·(L + R)/2. Frames are √Hann-windowed on analysis and synthesis with 75 %
 * overlap, so with ψ = 1 everywhere the output is (L + R)/2 to rounding error.
 */

const OVERLAP = 4;
/** √Hann·√Hann = Hann, and Hann summed over four hops is 2 at every sample. */
const OLA_GAIN = 1 / 2;

/** About 90 ms of audio, so tones a few tens of Hz apart land in different bins. */
export function frameSizeFor(sampleRate: number): number {
  return 2 ** Math.max(8, Math.round(Math.log2(sampleRate * 0.093)));
}

export class CentreExtractor {
  private readonly n: number;
  private readonly hop: number;
  private readonly fft: Fft;
  private readonly window: Float64Array;
  private readonly inL: Float64Array;
  private readonly inR: Float64Array;
  private readonly acc: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly cRe: Float64Array;
  private readonly cIm: Float64Array;
  private fill: number;
  /** Output samples that belong to the zero padding in front of the signal. */
  private skip: number;
  private received = 0;
  private emitted = 0;

  constructor(sampleRate: number) {
    this.n = frameSizeFor(sampleRate);
    this.hop = this.n / OVERLAP;
    this.fft = new Fft(this.n);
    // Periodic Hann, square-rooted: analysis × synthesis = Hann, which overlap-adds to a constant.
    this.window = Float64Array.from({ length: this.n }, (_, i) => Math.sqrt(0.5 - 0.5 * Math.cos((2 * Math.PI * i) / this.n)));
    this.inL = new Float64Array(this.n);
    this.inR = new Float64Array(this.n);
    this.acc = new Float64Array(this.n);
    this.re = new Float64Array(this.n);
    this.im = new Float64Array(this.n);
    this.cRe = new Float64Array(this.n / 2 + 1);
    this.cIm = new Float64Array(this.n / 2 + 1);
    // Padding of one frame less a hop in front makes the first real sample fully covered.
    this.fill = this.n - this.hop;
    this.skip = this.n - this.hop;
  }

  /** Takes interleaved stereo samples; returns the centre samples that are final so far. */
  push(interleaved: Float32Array): Float32Array {
    const out = new Output(Math.ceil((this.fill + interleaved.length / 2) / this.hop) * this.hop);
    for (let i = 0; i + 1 < interleaved.length; i += 2) {
      this.inL[this.fill] = interleaved[i];
      this.inR[this.fill] = interleaved[i + 1];
      this.fill++;
      this.received++;
      if (this.fill === this.n) this.frame(out);
    }
    return out.samples();
  }

  /** Flushes the tail: the output has exactly as many samples as were pushed. */
  end(): Float32Array {
    const out = new Output(this.received - this.emitted + this.n);
    while (this.emitted < this.received) {
      this.inL.fill(0, this.fill);
      this.inR.fill(0, this.fill);
      this.fill = this.n;
      this.frame(out);
    }
    out.length -= this.emitted - this.received;
    this.emitted = this.received;
    return out.samples();
  }

  private frame(out: Output): void {
    const { n, hop, re, im, window, cRe, cIm } = this;
    // Two real frames in one complex FFT: z = L + iR.
    for (let i = 0; i < n; i++) {
      re[i] = this.inL[i] * window[i];
      im[i] = this.inR[i] * window[i];
    }
    this.fft.transform(re, im);
    const half = n / 2;
    for (let k = 0; k <= half; k++) {
      const j = (n - k) % n;
      // L_k = (Z_k + conj Z_{n-k}) / 2, R_k = (Z_k − conj Z_{n-k}) / 2i
      const lr = (re[k] + re[j]) / 2;
      const li = (im[k] - im[j]) / 2;
      const rr = (im[k] + im[j]) / 2;
      const ri = (re[j] - re[k]) / 2;
      const power = lr * lr + li * li + rr * rr + ri * ri;
      const psi = power > 1e-20 ? Math.max(0, (2 * (lr * rr + li * ri)) / power) : 0;
      cRe[k] = (psi * (lr + rr)) / 2;
      cIm[k] = (psi * (li + ri)) / 2;
    }
    // The centre is real, so its spectrum is Hermitian.
    for (let k = 0; k <= half; k++) {
      re[k] = cRe[k];
      im[k] = cIm[k];
      if (k > 0 && k < half) {
        re[n - k] = cRe[k];
        im[n - k] = -cIm[k];
      }
    }
    this.fft.transform(re, im, true);
    for (let i = 0; i < n; i++) this.acc[i] += re[i] * window[i] * OLA_GAIN;
    let from = 0;
    if (this.skip > 0) {
      from = Math.min(this.skip, hop);
      this.skip -= from;
    }
    for (let i = from; i < hop; i++) out.data[out.length++] = this.acc[i];
    this.emitted += hop - from;
    this.acc.copyWithin(0, hop);
    this.acc.fill(0, n - hop);
    this.inL.copyWithin(0, hop);
    this.inR.copyWithin(0, hop);
    this.fill = n - hop;
  }
}

class Output {
  readonly data: Float32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float32Array(capacity);
  }
  samples(): Float32Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * Reads interleaved stereo float32 little-endian PCM and writes the mono centre in the same
 * format, streaming (a song never sits whole in memory).
 */
export async function extractCentreFile(input: string, output: string, sampleRate: number, signal?: AbortSignal): Promise<void> {
  const extractor = new CentreExtractor(sampleRate);
  const sink = createWriteStream(output);
  const write = async (samples: Float32Array) => {
    if (samples.length && !sink.write(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength))) await once(sink, 'drain');
  };
  let rest = Buffer.alloc(0);
  try {
    for await (const chunk of createReadStream(input, { highWaterMark: 1 << 20 })) {
      signal?.throwIfAborted();
      const bytes = rest.length ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
      const whole = bytes.length - (bytes.length % 8);
      // Copy into an aligned buffer: a Float32Array view needs a 4-byte aligned offset.
      const frames = new Float32Array(whole / 4);
      Buffer.from(frames.buffer).set(bytes.subarray(0, whole));
      rest = Buffer.from(bytes.subarray(whole));
      await write(extractor.push(frames));
    }
    await write(extractor.end());
  } finally {
    sink.end();
    await finished(sink);
  }
}
