import { renderTable, wrapText } from '../../lib/cli/table';

describe('renderTable', () => {
  const columns = [{ header: 'Lab' }, { header: 'per hour', alignRight: true }, { header: 'What bills', wrap: true }];
  const rows = [['LabAlb', '$0.0731', 'two instances, four public addresses, a load balancer and sixteen GB of disk']];

  it('fits the width by wrapping the wrap column', () => {
    const text = renderTable(columns, rows, 50);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(50);
    expect(text.split('\n').length).toBeGreaterThan(3);
    expect(text.replace(/\s+/g, ' ')).toContain('sixteen GB of disk');
  });

  it('keeps one line per row when the width allows it', () => {
    expect(renderTable(columns, rows, 200).split('\n')).toHaveLength(3);
  });
});

describe('wrapText', () => {
  it('breaks at spaces and cuts words longer than the width', () => {
    expect(wrapText('aa bb cc', 5)).toEqual(['aa bb', 'cc']);
    expect(wrapText('abcdefgh', 3)).toEqual(['abc', 'def', 'gh']);
  });
});
