import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The Chromium the e2e suite drives when CHROMIUM_PATH is unset: the one the devDependency
 * @sparticuz/chromium ships compressed (Chromium 147, the last release for Node 20), unpacked
 * without network the first time (a few seconds, ~200 MB) into node_modules/.cache.
 *
 * The package unpacks into os.tmpdir() and returns any `chromium` it finds there, of whatever
 * version, so it is pointed (TMPDIR) at a fresh folder of this project's own; that folder is then
 * renamed into place in one step, so a concurrent run never sees half a browser.
 */

const require = createRequire(import.meta.url);

export async function shippedChromium(): Promise<string> {
  // The package exports only its entry point; package.json sits two folders above it.
  const pkgRoot = path.resolve(path.dirname(require.resolve('@sparticuz/chromium')), '..', '..');
  const { version } = JSON.parse(fs.readFileSync(path.join(pkgRoot, 'package.json'), 'utf8')) as { version: string };
  const cache = path.join(import.meta.dirname, '..', 'node_modules', '.cache', 'cinemood');
  const target = path.join(cache, `chromium-${version}`);
  const binary = path.join(target, 'chromium');
  if (fs.existsSync(binary)) return binary;

  fs.mkdirSync(cache, { recursive: true });
  const staging = fs.mkdtempSync(path.join(cache, `.chromium-${version}-`));
  const started = Date.now();
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = staging;
  try {
    const { default: chromium } = await import('@sparticuz/chromium');
    const extracted = await chromium.executablePath();
    if (path.resolve(extracted) !== path.join(staging, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${extracted}, not into ${staging}`);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  }
  try {
    fs.renameSync(staging, target);
  } catch (err) {
    // Another run got there first: use its copy.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(binary)) throw err;
  }
  console.log(`Unpacked Chromium ${version} from @sparticuz/chromium into ${target} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return binary;
}
