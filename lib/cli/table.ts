/**
 * A plain-text table fitted to the terminal's width: columns marked `wrap` give up
 * width first and their text wraps at spaces; the others keep their natural width.
 */

export interface Column {
  readonly header: string;
  /** Right-align (numbers). @default false */
  readonly alignRight?: boolean;
  /** May be narrowed and wrapped to fit the width. @default false */
  readonly wrap?: boolean;
}

const GAP = '  ';
const MIN_WRAP_WIDTH = 12;

/** Splits text into lines of at most `width` characters, at spaces where possible. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      let rest = word;
      while (rest.length > width) {
        if (line) lines.push(line);
        lines.push(rest.slice(0, width));
        line = '';
        rest = rest.slice(width);
      }
      if (!line) line = rest;
      else if (line.length + 1 + rest.length <= width) line += ` ${rest}`;
      else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Renders rows under a header and a rule, no wider than `width` when the wrap columns allow it. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[], width: number): string {
  const natural = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => Math.max(...(r[i] ?? '').split('\n').map((l) => l.length)))));
  const widths = [...natural];
  let excess = widths.reduce((a, b) => a + b, 0) + GAP.length * (columns.length - 1) - width;
  // Narrow the widest wrapping column first, one character at a time.
  while (excess > 0) {
    const candidates = columns.map((_column, i) => i).filter((i) => columns[i].wrap && widths[i] > MIN_WRAP_WIDTH);
    if (candidates.length === 0) break;
    const widest = candidates.reduce((a, b) => (widths[b] > widths[a] ? b : a));
    widths[widest]--;
    excess--;
  }
  const cell = (text: string, i: number) => (columns[i].alignRight ? text.padStart(widths[i]) : text.padEnd(widths[i]));
  const renderRow = (row: readonly string[]) => {
    const cells = columns.map((c, i) => (c.wrap ? wrapText(row[i] ?? '', widths[i]) : (row[i] ?? '').split('\n')));
    const height = Math.max(...cells.map((lines) => lines.length));
    return Array.from({ length: height }, (_, line) => columns.map((_c, i) => cell(cells[i][line] ?? '', i)).join(GAP).trimEnd());
  };
  const header = columns.map((c, i) => cell(c.header, i)).join(GAP).trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join(GAP);
  return [header, rule, ...rows.flatMap(renderRow)].join('\n');
}

/** The width to fit: the terminal's, or 100 columns when the output is not a terminal. */
export function outputWidth(stream: NodeJS.WriteStream = process.stdout): number {
  return stream.isTTY && stream.columns ? stream.columns : 100;
}
