import fs from 'node:fs/promises';

/** Expected-text handling for the local aligner: words, sentences, dictionary and pronunciations. */

export interface ExpectedWord {
  /** As written in the text, surrounding punctuation removed, casing kept ("Don't", "3.5"). */
  word: string;
  /** Index into `sentences`. */
  sentence: number;
  /** Lower-case dictionary keys the word is read as ("well-known" → well, known). */
  units: string[];
}

export interface ExpectedText {
  sentences: string[];
  words: ExpectedWord[];
}

const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
const SENTENCE_END = /[.!?…]+["'”’»)\]]*$/u;

function unitsOf(word: string): string[] {
  return word
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .filter((u) => /[\p{L}\p{N}]/u.test(u));
}

/**
 * Splits a script into sentences (at . ! ? … and at line breaks, so lyrics go line by line) and
 * words. A token with no letter or digit ("—", "…") is not a word and gets no time, except "&".
 */
export function parseExpectedText(text: string): ExpectedText {
  const sentences: string[] = [];
  const words: ExpectedWord[] = [];
  let sentenceStart = -1;
  let sentenceEnd = -1;
  let previousEnd = 0;
  let breakBefore = false;
  const closeSentence = () => {
    if (sentenceStart >= 0) sentences.push(text.slice(sentenceStart, sentenceEnd));
    sentenceStart = -1;
  };
  for (const match of text.matchAll(/\S+/g)) {
    const token = match[0];
    const start = match.index ?? 0;
    if (breakBefore || text.slice(previousEnd, start).includes('\n')) closeSentence();
    previousEnd = start + token.length;
    breakBefore = SENTENCE_END.test(token);
    const written = token.replace(EDGE_PUNCTUATION, '');
    const units = written ? unitsOf(written) : token === '&' ? ['and'] : [];
    if (units.length === 0) {
      // Punctuation on its own still belongs to the sentence text.
      if (sentenceStart >= 0) sentenceEnd = previousEnd;
      continue;
    }
    if (sentenceStart < 0) sentenceStart = start;
    sentenceEnd = previousEnd;
    words.push({ word: written || token, sentence: sentences.length, units });
  }
  closeSentence();
  return { sentences, words };
}

/** CMU dictionary: word → pronunciations (ARPAbet without stress), read once per file. */
const dictionaries = new Map<string, Promise<Map<string, string[]>>>();

export function loadDictionary(file: string): Promise<Map<string, string[]>> {
  let loaded = dictionaries.get(file);
  if (!loaded) {
    loaded = fs.readFile(file, 'utf8').then((content) => {
      const dict = new Map<string, string[]>();
      for (const raw of content.split('\n')) {
        // `#` starts a comment in pocketsphinx's copy, `;;` a comment line in SoundSwallower's.
        const line = raw.startsWith(';;') ? '' : raw.replace(/#.*$/, '').trim();
        const space = line.search(/\s/);
        if (space <= 0) continue;
        const word = line.slice(0, space).replace(/\(\d+\)$/, '');
        const phones = line.slice(space).trim().replace(/\d/g, '').replace(/\s+/g, ' ');
        if (!phones) continue;
        const prons = dict.get(word);
        if (prons) prons.push(phones);
        else dict.set(word, [phones]);
      }
      return dict;
    });
    loaded.catch(() => dictionaries.delete(file));
    dictionaries.set(file, loaded);
  }
  return loaded;
}

const MAX_PRONUNCIATIONS = 4;

/** The dictionary's pronunciations of a word (its units read one after another), or null if any unit is missing. */
export function dictionaryPronunciations(units: string[], dict: Map<string, string[]>): string[] | null {
  let prons = [''];
  for (const unit of units) {
    const found = dict.get(unit) ?? dict.get(unit.replace(/^'+|'+$/g, ''));
    if (!found) return null;
    prons = prons.flatMap((p) => found.map((f) => (p ? `${p} ${f}` : f))).slice(0, MAX_PRONUNCIATIONS);
  }
  return prons;
}

/**
 * espeak-ng's English phoneme mnemonics (as printed by `-x --sep=" "`) in the CMU phone set the
 * en-us acoustic models of pocketsphinx and SoundSwallower use. Close enough for forced alignment,
 * which only has to tell the expected word from silence and its neighbours.
 */
const ESPEAK_TO_ARPABET: Record<string, string> = {
  p: 'P', b: 'B', t: 'T', d: 'D', k: 'K', g: 'G', f: 'F', v: 'V', T: 'TH', D: 'DH', s: 'S', z: 'Z', S: 'SH', Z: 'ZH',
  h: 'HH', m: 'M', n: 'N', N: 'NG', l: 'L', r: 'R', w: 'W', j: 'Y', tS: 'CH', dZ: 'JH', x: 'K', C: 'HH', 't#': 'T',
  'd#': 'D', '?': 'T', 'n-': 'AH N', 'l-': 'AH L', 'm-': 'AH M', 'r-': '', W: 'W',
  a: 'AE', 'a#': 'AH', aa: 'AE', 'A:': 'AA', A: 'AA', 'A@': 'AA R', 'A#': 'AA', aI: 'AY', 'aI@': 'AY ER', aI3: 'AY ER',
  aU: 'AW', 'aU@': 'AW ER', '@': 'AH', '@2': 'AH', '@5': 'AH', '@L': 'AH L', '@-': 'AH', '3': 'ER', '3:': 'ER',
  e: 'EH', 'e@': 'EH R', E: 'EH', E2: 'EH', 'E#': 'EH', eI: 'EY', i: 'IY', 'i:': 'IY', 'i@': 'IH R', 'i@3': 'IH R',
  I: 'IH', I2: 'IH', 'I#': 'IH', '0': 'AA', '0#': 'AA', O: 'AO', 'O:': 'AO', 'O@': 'AO R', 'o@': 'AO R', o: 'OW',
  oU: 'OW', 'oU#': 'OW', OI: 'OY', u: 'UW', 'u:': 'UW', U: 'UH', 'U@': 'UH R', V: 'AH', VR: 'AH R', IR: 'IH R',
};

/** Maps espeak-ng phonemes to a pronunciation; unknown symbols are dropped. Empty string if nothing is left. */
export function espeakToArpabet(phonemes: string[]): string {
  const out: string[] = [];
  for (const raw of phonemes) {
    let symbol = raw.replace(/^[',%=]+/, '').replace(/[',%=]+$/, '');
    if (!symbol) continue;
    // Longest known prefix first, so an unusual suffix ("aI@3") still yields its core sound.
    while (symbol) {
      let found = '';
      for (let len = Math.min(3, symbol.length); len > 0; len--) {
        if (symbol.slice(0, len) in ESPEAK_TO_ARPABET) {
          found = symbol.slice(0, len);
          break;
        }
      }
      if (!found) {
        symbol = symbol.slice(1);
        continue;
      }
      const phones = ESPEAK_TO_ARPABET[found];
      if (phones) out.push(phones);
      symbol = symbol.slice(found.length);
    }
  }
  return out.join(' ');
}
