/**
 * The README's settings table, generated from the one table of settings.
 */
import { markdownCell as cell } from '../markdown';
import { SETTINGS, SETTING_KEYS } from './table';

/** The settings as a Markdown table: key, default, labs, what it is, allowed, example. */
export function settingsMarkdownTable(): string {
  const rows = SETTING_KEYS.map((key) => {
    const s = SETTINGS[key];
    const byDefault = s.default !== undefined ? `\`${s.default}\`` : `*(unset: ${s.whenUnset ?? 'not used'})*`;
    const usedBy = s.usedBy === 'every lab' ? 'every lab' : s.usedBy.join(', ');
    return `| \`${key}\` | ${cell(byDefault)} | ${cell(usedBy)} | ${cell(s.description)}. Allowed: ${cell(s.allowed)} | \`-c ${key}=${s.example}\` |`;
  });
  return ['| Setting | Default | Used by | What and allowed | Example |', '|---|---|---|---|---|', ...rows].join('\n');
}
