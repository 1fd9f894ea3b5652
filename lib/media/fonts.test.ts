import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fontconfigFile, shippedFonts } from './fonts';

const root = path.resolve(import.meta.dirname, '../..');

function tool(name: string): boolean {
  try {
    execFileSync(name, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('shipped fonts', () => {
  it('are TrueType files from the npm packages, never the machine', () => {
    const fonts = shippedFonts();
    for (const file of [fonts.serif, fonts.sans, fonts.emoji]) {
      expect(file.startsWith(path.join(root, 'node_modules'))).toBe(true);
      expect(fs.readFileSync(file).subarray(0, 4).toString('hex')).toBe('00010000');
    }
    expect(path.basename(fonts.serif)).toBe('DejaVuSerif.ttf');
    expect(fonts.dirs.every((d) => fs.statSync(d).isDirectory())).toBe(true);
  });

  it('get one fontconfig file in a private folder, listing their folders and a cache there', () => {
    const file = fontconfigFile();
    expect(fontconfigFile()).toBe(file);
    const xml = fs.readFileSync(file, 'utf8');
    for (const dir of shippedFonts().dirs) expect(xml).toContain(`<dir>${dir}</dir>`);
    expect(xml).toContain(`<cachedir>${path.join(path.dirname(file), 'cache')}</cachedir>`);
    expect(xml).not.toMatch(/\/usr\/share\/fonts|\/etc\/fonts/);
    expect(fs.statSync(path.dirname(file)).mode & 0o077).toBe(0);
  });

  it.skipIf(!tool('fc-match'))('are all fontconfig sees through that file: generic families map to DejaVu, emoji to Noto', () => {
    const env = { ...process.env, FONTCONFIG_FILE: fontconfigFile() };
    const listed = execFileSync('fc-list', ['--format', '%{file}\n'], { env, encoding: 'utf8' }).trim().split('\n');
    expect(listed.length).toBeGreaterThanOrEqual(3);
    expect(listed.every((f) => shippedFonts().dirs.includes(path.dirname(f)))).toBe(true);
    const match = (pattern: string) => execFileSync('fc-match', ['--format', '%{family[0]}', pattern], { env, encoding: 'utf8' });
    expect(match('serif')).toBe('DejaVu Serif');
    expect(match('sans-serif')).toBe('DejaVu Sans');
    expect(match('monospace')).toBe('DejaVu Sans Mono');
    expect(match('emoji')).toBe('Noto Emoji');
    expect(match(':charset=1f3ac')).toBe('Noto Emoji');
  });
});
