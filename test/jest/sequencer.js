/**
 * Jest's order (the files that failed last time first, then the longest first), except that
 * each worker's first file is one that needs no moto: moto takes ~4 s to start (global-setup.ts
 * starts it and goes on), time a file that needs it would spend waiting.
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
    return motoFreeFirst(super.sort(tests), this.workers, (file) => NEEDS_MOTO.test(fs.readFileSync(file, 'utf8')));
  }
}

module.exports = MotoFreeFirstSequencer;
module.exports.motoFreeFirst = motoFreeFirst;
module.exports.NEEDS_MOTO = NEEDS_MOTO;
