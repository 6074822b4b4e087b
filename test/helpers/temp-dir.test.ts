import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { removeTempDirs, tempDir } from './temp-dir';

describe('tempDir', () => {
  let first: string;

  it('makes a new empty folder in the temporary folder, named after the prefix', () => {
    first = tempDir('temp-dir-test-');
    expect(path.dirname(first)).toBe(os.tmpdir());
    expect(path.basename(first)).toMatch(/^temp-dir-test-\w{6}$/);
    expect(fs.readdirSync(first)).toEqual([]);
    expect(tempDir('temp-dir-test-')).not.toBe(first);
  });

  it('keeps it for the whole test file, not only the test that made it', () => {
    expect(fs.existsSync(first)).toBe(true);
  });

  it('removeTempDirs removes every folder made so far, with what is in it', () => {
    const second = tempDir('temp-dir-test-');
    fs.mkdirSync(path.join(second, 'sub'));
    fs.writeFileSync(path.join(second, 'sub', 'file'), 'x');
    removeTempDirs();
    expect([fs.existsSync(first), fs.existsSync(second)]).toEqual([false, false]);
    // Twice is harmless: the afterAll runs it again.
    expect(() => removeTempDirs()).not.toThrow();
  });

  it('registers one afterAll when a test file imports it, and that hook removes the folders', () => {
    const hooks: (() => void)[] = [];
    const realAfterAll = globalThis.afterAll;
    globalThis.afterAll = ((fn: () => void) => hooks.push(fn)) as typeof afterAll;
    let fresh: typeof import('./temp-dir');
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        fresh = require('./temp-dir') as typeof import('./temp-dir');
      });
    } finally {
      globalThis.afterAll = realAfterAll;
    }
    expect(hooks).toHaveLength(1);
    const dir = fresh!.tempDir('temp-dir-test-');
    hooks[0]();
    expect(fs.existsSync(dir)).toBe(false);
  });
});
