/**
 * Jest's order (the files that failed last time first, then the longest first), except that
 * each worker's first file is one that needs no moto: moto takes ~4 s to start (global-setup.ts
 * starts it and goes on), time a file that needs it would spend waiting.
 *
 * "The longest" is what Jest timed of each file in its last run. A run without moto
 * (MOTO_DISABLED=1, or moto not installed) skips the tests that need it, so it leaves the times
 * of files that need moto as they were: otherwise the next run with moto took a file whose
 * tests it had skipped (handlers/ami-from-instance.test.ts: 0.06 s timed, 2.7 s with moto) for
 * one of the shortest and ran it last, alone, while the other worker had nothing left to do.
 */
const fs = require('node:fs');
const os = require('node:os');
const Sequencer = require('@jest/test-sequencer').default;

const NEEDS_MOTO = /\bdescribeWithMoto\s*\(/;

/** Jest's order, with the first `workers` files that need no moto (read: `needsMoto`) moved to the front. */
function motoFreeFirst(sorted, workers, needsMoto) {
  const first = sorted.filter((test) => !needsMoto(test.path)).slice(0, workers);
  return [...first, ...sorted.filter((test) => !first.includes(test))];
}

class MotoFreeFirstSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.workers = options?.globalConfig?.maxWorkers ?? os.availableParallelism();
  }

  sort(tests) {
    return motoFreeFirst(super.sort(tests), this.workers, needsMoto);
  }

  cacheResults(tests, results) {
    // Without moto (global-setup.ts says so, in this process), only the files that need none are timed as they run.
    const timed = process.env.MOTO_UNAVAILABLE ? tests.filter((test) => !needsMoto(test.path)) : tests;
    super.cacheResults(timed, results);
  }
}

function needsMoto(file) {
  return NEEDS_MOTO.test(fs.readFileSync(file, 'utf8'));
}

module.exports = MotoFreeFirstSequencer;
module.exports.motoFreeFirst = motoFreeFirst;
module.exports.NEEDS_MOTO = NEEDS_MOTO;
