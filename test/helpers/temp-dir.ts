/**
 * Temporary folders for tests, removed when the test file ends: learners run the tests again
 * and again, and no run may leave files behind in their /tmp.
 *
 * The removal is one afterAll, registered when a test file first imports this module (each
 * test file loads its own copy), so tempDir() can be called anywhere: at collection time, in a
 * hook, or inside a test, where Jest refuses to register a hook. Jest runs it before the test
 * file's own afterAll hooks (in the order they were registered): those find the folders gone.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const made: string[] = [];

/** Removes every folder tempDir() made so far, with what is in it. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

afterAll(removeTempDirs);

/** A new empty folder in the system's temporary folder, named `<prefix>XXXXXX`, removed after the test file. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
