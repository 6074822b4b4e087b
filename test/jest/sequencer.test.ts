/** The order of the test files (test/jest/sequencer.js): each worker starts with a file that needs no moto. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { motoFreeFirst, NEEDS_MOTO } from './sequencer';

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
