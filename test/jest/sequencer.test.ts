/**
 * The order of the test files (test/jest/sequencer.js): each worker starts with a file that needs
 * no moto, and a run without moto does not change how long the files that need it are taken to be.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/temp-dir';
import MotoFreeFirstSequencer, { motoFreeFirst, NEEDS_MOTO } from './sequencer';

const TEST = path.join(__dirname, '..');
const file = (name: string) => ({ path: path.join(TEST, name) });

describe('motoFreeFirst', () => {
  const needsMoto = (name: string) => name.includes('moto');
  const sorted = ['a-moto', 'b-moto', 'c', 'd-moto', 'e', 'f'].map((name) => ({ path: name }));

  it("moves the first file per worker that needs no moto to the front, and keeps Jest's order otherwise", () => {
    expect(motoFreeFirst(sorted, 2, needsMoto).map((t) => t.path)).toEqual(['c', 'e', 'a-moto', 'b-moto', 'd-moto', 'f']);
    expect(motoFreeFirst(sorted, 1, needsMoto).map((t) => t.path)).toEqual(['c', 'a-moto', 'b-moto', 'd-moto', 'e', 'f']);
  });

  it('keeps every file once, however few need no moto', () => {
    const allMoto = ['a-moto', 'b-moto'].map((name) => ({ path: name }));
    expect(motoFreeFirst(allMoto, 2, needsMoto)).toEqual(allMoto);
    expect(motoFreeFirst(sorted, 8, needsMoto).map((t) => t.path).sort()).toEqual(sorted.map((t) => t.path).sort());
  });
});

describe('which files need moto', () => {
  const needs = (name: string) => NEEDS_MOTO.test(fs.readFileSync(file(name).path, 'utf8'));

  it('a file with a describeWithMoto block does', () => {
    expect(needs('labs/lab-ec2/check.test.ts')).toBe(true);
    expect(needs('moto/moto.test.ts')).toBe(true);
  });

  it('a file without one does not', () => {
    expect(needs('catalogue.test.ts')).toBe(false);
    expect(needs('jest/sequencer.test.ts')).toBe(false);
  });
});

describe('the order of npm test', () => {
  it('is this sequencer (jest.config.js)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- Jest's own config file, plain JavaScript
    const config = require('../../jest.config.js') as { testSequencer?: string };
    expect(config.testSequencer?.replace('<rootDir>', path.join(TEST, '..'))).toBe(path.join(__dirname, 'sequencer.js'));
  });
});

describe('what a run remembers of how long each file took (the order of the next run)', () => {
  // Jest's own cache of file times, in a folder of this test: the sequencer reads and writes it as in a run.
  const context = { config: { cache: true, cacheDirectory: tempDir('sequencer-'), id: 'sequencer-test', haste: {} } };
  const withMoto = path.join(TEST, 'labs/lab-ec2/check.test.ts');
  const withoutMoto = path.join(TEST, 'catalogue.test.ts');
  const tests = [withMoto, withoutMoto].map((p) => ({ path: p, context, duration: undefined }));
  const newSequencer = () => new MotoFreeFirstSequencer({ contexts: [context], globalConfig: { maxWorkers: 2 } });

  /** Jest's end of a run: each file took `ms`; then how long a new run takes each file to be. */
  function run(ms: Record<string, number>, motoUnavailable: boolean): Record<string, number | undefined> {
    const saved = process.env.MOTO_UNAVAILABLE;
    if (motoUnavailable) process.env.MOTO_UNAVAILABLE = 'moto disabled by MOTO_DISABLED=1';
    else delete process.env.MOTO_UNAVAILABLE;
    try {
      const testResults = tests.map((t) => ({ testFilePath: t.path, skipped: false, numFailingTests: 0, perfStats: { runtime: ms[t.path] } }));
      newSequencer().cacheResults(tests as never, { testResults } as never);
    } finally {
      if (saved === undefined) delete process.env.MOTO_UNAVAILABLE;
      else process.env.MOTO_UNAVAILABLE = saved;
    }
    const next = newSequencer();
    return Object.fromEntries(tests.map((t) => [path.basename(path.dirname(t.path)) + '/' + path.basename(t.path), next.time(t as never)]));
  }

  it('a run with moto remembers every file', () => {
    expect(run({ [withMoto]: 2700, [withoutMoto]: 3000 }, false)).toEqual({ 'lab-ec2/check.test.ts': 2700, 'test/catalogue.test.ts': 3000 });
  });

  it('a run without moto leaves the time of a file that needs moto as the last run with moto took it', () => {
    run({ [withMoto]: 2700, [withoutMoto]: 3000 }, false);
    expect(run({ [withMoto]: 60, [withoutMoto]: 2900 }, true)).toEqual({ 'lab-ec2/check.test.ts': 2700, 'test/catalogue.test.ts': 2900 });
  });
});
