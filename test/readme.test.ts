/** The README's restated parts (lab list, costs, what each check verifies) are what scripts/readme.ts writes. */
import * as fs from 'node:fs';
import { README, readmeBlocks, rewriteGeneratedBlocks } from '../scripts/readme';

describe('README.md', () => {
  it('is up to date with the catalogue (else run: npm run readme)', () => {
    const readme = fs.readFileSync(README, 'utf8');
    expect(rewriteGeneratedBlocks(readme, readmeBlocks())).toBe(readme);
  });
});

describe('rewriteGeneratedBlocks', () => {
  const text = 'intro\n<!-- generated:a -->\nold\n<!-- /generated:a -->\nend\n';

  it('replaces what is between the markers and nothing else', () => {
    expect(rewriteGeneratedBlocks(text, { a: 'new 1\nnew 2\n' })).toBe('intro\n<!-- generated:a -->\nnew 1\nnew 2\n<!-- /generated:a -->\nend\n');
  });

  it('refuses a block the text has no markers for', () => {
    expect(() => rewriteGeneratedBlocks(text, { a: 'x', b: 'y' })).toThrow('README.md has no block <!-- generated:b --> ... <!-- /generated:b -->');
  });

  it('refuses a block in the text that nothing generates', () => {
    expect(() => rewriteGeneratedBlocks(text, {})).toThrow('README.md has generated blocks that nothing generates: a');
  });
});
