/**
 * From a raw context value to the text a parser reads, and small text helpers.
 *
 * `-c key=value` always gives a string; cdk.json may hold a number or a boolean
 * (`"passwordMaxAgeDays": 90`, `"requireMfa": true`): both read the same.
 */
import { refuse } from './errors';

/** Longest value any setting needs (an e-mail address: 254); anything longer is a paste gone wrong. */
export const MAX_VALUE_LENGTH = 254;

/**
 * The value as text, trimmed; undefined when not set (absent, null, or only
 * whitespace: `-c key=` gives back the default). Refuses what no setting can be.
 */
export function settingText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) refuse('not a finite number');
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') {
    refuse(`${Array.isArray(value) ? 'a list' : `an ${typeof value}`} is not a setting value; write one value as text`);
  }
  const text = value.trim();
  if (text === '') return undefined;
  if (text.length > MAX_VALUE_LENGTH) refuse(`${text.length} characters is far longer than any setting (at most ${MAX_VALUE_LENGTH})`);
  const quoted = /^(['"`])(.*)\1$/s.exec(text);
  if (quoted) {
    // cmd.exe passes single quotes through; a JSON value may be quoted twice.
    refuse('the quotes are part of the value (your shell kept them)', quoted[2].trim());
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) refuse('it contains a line break, tab or other control character');
  return text;
}

/** Damerau-Levenshtein distance (adjacent swaps count 1), for "did you mean". */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest candidate within `maxDistance` edits, if exactly one is closest. */
export function closest(word: string, candidates: Iterable<string>, maxDistance: number): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance && candidate !== best) {
      tie = true;
    }
  }
  return bestDistance <= maxDistance && !tie ? best : undefined;
}

/** One of a few words of ours, in any case; close misspellings get a suggestion. */
export function oneOf<T extends string>(text: string, words: readonly T[], aliases: Readonly<Record<string, T>> = {}): T {
  const lower = text.toLowerCase();
  const exact = words.find((w) => w === lower);
  if (exact) return exact;
  const meant = aliases[lower] ?? closest(lower, words, 2);
  return refuse(`not one of ${words.join(', ')}`, meant);
}
