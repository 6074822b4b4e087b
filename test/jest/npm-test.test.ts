/**
 * How `npm test` runs Jest's workers: V8 and glibc settings that cut the suite's CPU time
 * (README, Performance). Each is measured there; these tests keep them in place.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withMallocHugePages } from './malloc-huge-pages';

const ROOT = path.join(__dirname, '..', '..');

describe('npm test', () => {
  const script: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.test;

  it('runs Jest under node --single-threaded --liftoff-only, which its workers inherit', () => {
    expect(script).toMatch(/^node (?=.*--single-threaded )(?=.*--liftoff-only ).*node_modules\/jest\/bin\/jest\.js$/);
  });
});

describe("malloc's huge pages (test/jest/malloc-huge-pages.js)", () => {
  it("are in the workers' environment: jest.config.js sets GLIBC_TUNABLES before Jest forks them", () => {
    expect(process.env.GLIBC_TUNABLES?.split(':')).toContain('glibc.malloc.hugetlb=1');
  });

  it('are added to the tunables you set, and your own setting of them stays', () => {
    expect(withMallocHugePages(undefined)).toBe('glibc.malloc.hugetlb=1');
    expect(withMallocHugePages('')).toBe('glibc.malloc.hugetlb=1');
    expect(withMallocHugePages('glibc.malloc.arena_max=2')).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1');
    expect(withMallocHugePages('glibc.malloc.hugetlb=0:glibc.malloc.arena_max=2')).toBe('glibc.malloc.hugetlb=0:glibc.malloc.arena_max=2');
    expect(withMallocHugePages('glibc.malloc.hugetlb=2')).toBe('glibc.malloc.hugetlb=2');
  });
});
