/**
 * Every lab's check test file proves each of its meta.checks can fail: it collects the
 * failures it asserts (test/helpers/failing-checks.ts) and ends with a test that every
 * declared id was among them. This guard keeps a new lab from skipping that.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LAB_MODULES } from '../../lib/catalogue';

const kebab = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

describe.each(LAB_MODULES.map((lab) => [lab.meta.id] as const))('%s', (id) => {
  const file = path.join(__dirname, '..', 'labs', kebab(id), 'check.test.ts');

  it('has a check test that collects its failing cases and asserts every declared check failed', () => {
    expect(existsSync(file)).toBe(true);
    const source = readFileSync(file, 'utf8');
    expect(source).toContain('const failing = failingCases(meta);');
    expect(source).toContain("it('every check of meta.checks failed in a test above', () => {\n    expect(failing.neverFailed()).toEqual([]);");
  });
});
