/** Text as one cell of a Markdown table: its pipes escaped, its line breaks spaces. */
export function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
