import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/**
 * The fonts Cinemood ships instead of relying on the machine's: DejaVu (npm `dejavu-fonts-ttf`)
 * for titles and text, monochrome Noto Emoji (npm `@expo-google-fonts/noto-emoji`) for emoji. A
 * fresh Debian machine has no fonts at all, so nothing that draws text may look in
 * /usr/share/fonts. The packages are found at run time beside this module, never bundled.
 */

const require = createRequire(import.meta.url);

export class FontError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FontError';
  }
}

export interface ShippedFonts {
  /** DejaVu Serif: the local renderer's title card. */
  serif: string;
  /** DejaVu Sans: plain text. */
  sans: string;
  /** Noto Emoji (regular weight, monochrome). */
  emoji: string;
  /** The folders holding them: what a fontconfig file lists. */
  dirs: string[];
}

function packageDir(name: string, resolve: () => string): string {
  try {
    return path.dirname(resolve());
  } catch {
    throw new FontError(`the font package ${name} is not installed (run npm install)`);
  }
}

let fonts: ShippedFonts | undefined;

/** The shipped font files; a FontError when a package or one of its files is missing. */
export function shippedFonts(): ShippedFonts {
  if (fonts) return fonts;
  // Literal specifiers with turbopackIgnore, as lib/audio/local/espeak.ts does: resolved where installed.
  const dejavu = path.join(packageDir('dejavu-fonts-ttf', () => require.resolve(/* turbopackIgnore: true */ 'dejavu-fonts-ttf/package.json')), 'ttf');
  const noto = path.join(
    packageDir('@expo-google-fonts/noto-emoji', () => require.resolve(/* turbopackIgnore: true */ '@expo-google-fonts/noto-emoji/package.json')),
    '400Regular',
  );
  const found: ShippedFonts = {
    serif: path.join(dejavu, 'DejaVuSerif.ttf'),
    sans: path.join(dejavu, 'DejaVuSans.ttf'),
    emoji: path.join(noto, 'NotoEmoji_400Regular.ttf'),
    dirs: [dejavu, noto],
  };
  for (const file of [found.serif, found.sans, found.emoji]) {
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new FontError(`a shipped font is missing: ${file}`);
  }
  fonts = found;
  return fonts;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** fontconfig's generic families, each mapped to the shipped faces with emoji as the fallback. */
const ALIASES: [string, string][] = [
  ['serif', 'DejaVu Serif'],
  ['sans-serif', 'DejaVu Sans'],
  ['sans', 'DejaVu Sans'],
  ['system-ui', 'DejaVu Sans'],
  ['monospace', 'DejaVu Sans Mono'],
  ['emoji', 'Noto Emoji'],
];

export function fontconfigXml(dirs: string[], cacheDir: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
    '<!-- Written by Cinemood (lib/media/fonts.ts): the shipped fonts only, none of the machine\'s. -->',
    '<fontconfig>',
    ...dirs.map((d) => `  <dir>${xml(d)}</dir>`),
    `  <cachedir>${xml(cacheDir)}</cachedir>`,
    ...ALIASES.map(([family, face]) => `  <alias binding="same"><family>${family}</family><prefer><family>${face}</family><family>Noto Emoji</family></prefer></alias>`),
    '</fontconfig>',
    '',
  ].join('\n');
}

/**
 * A folder only this user can write to: a fixed name per user and font location, so the
 * fontconfig cache survives between runs; a fresh one when that name is taken by someone else.
 */
function privateDir(key: string): string {
  const uid = process.getuid?.() ?? 0;
  const dir = path.join(os.tmpdir(), `cinemood-fonts-${uid}-${key}`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    if (st.isDirectory() && !st.isSymbolicLink() && st.uid === uid && (st.mode & 0o077) === 0) return dir;
  } catch {
    // not usable: fall through to a fresh folder
  }
  fs.mkdirSync(os.tmpdir(), { recursive: true });
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cinemood-fonts-'));
}

let configFile: string | undefined;

/**
 * A fonts.conf listing only the shipped fonts, with its cache in a private temp folder: for the
 * tools that find fonts through fontconfig (FONTCONFIG_FILE), such as libass in ffmpeg and Chromium.
 * Written once per process (and rewritten only when its content would change).
 */
export function fontconfigFile(): string {
  if (configFile) return configFile;
  const { dirs } = shippedFonts();
  const dir = privateDir(createHash('sha256').update(dirs.join('\n')).digest('hex').slice(0, 12));
  const cacheDir = path.join(dir, 'cache');
  fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'fonts.conf');
  const content = fontconfigXml(dirs, cacheDir);
  let current: string | null = null;
  try {
    current = fs.readFileSync(file, 'utf8');
  } catch {
    current = null;
  }
  if (current !== content) {
    // Written beside and renamed, so a concurrent reader never sees half a file.
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, content, { mode: 0o600 });
    fs.renameSync(temp, file);
  }
  configFile = file;
  return file;
}
