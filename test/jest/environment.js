/**
 * Jest's node environment, made to work with the libraries that test files in one worker
 * share (shared-modules.js). Those live in the worker's realm, a test file in its own, so:
 * - `error instanceof Error` (TypeError, ...) in a test file also holds for an error made by a
 *   shared library, as the kit's code expects of the SDK's and CDK's errors;
 * - process.env is the worker's, which the shared SDK and CDK read (credentials, region, CDK_*);
 * - what a shared library prints (CDK's warnings at synthesis) goes to the test file's console,
 *   which Jest shows and a test's jest.spyOn(console, ...) sees;
 * - when a file ends, what it changed in process.env and the SDK clients' `send` it stubbed
 *   are put back (saveWorkerState), so that nothing reaches the next file.
 */
const { TestEnvironment } = require('jest-environment-node');
const { saveWorkerState } = require('./shared-modules');

const ERROR_CONSTRUCTORS = ['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError'];

const ordinaryHasInstance = Function.prototype[Symbol.hasInstance];

class SharedModulesEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of ERROR_CONSTRUCTORS) {
      const local = this.global[name];
      const worker = globalThis[name];
      if (!local || !worker || local === worker) continue;
      Object.defineProperty(local, Symbol.hasInstance, {
        configurable: true,
        value(value) {
          // Only for the constructor itself: a test's own subclass keeps the ordinary check.
          return ordinaryHasInstance.call(this, value) || (this === local && value instanceof worker);
        },
      });
    }
    this.global.process.env = process.env;
  }

  async setup() {
    await super.setup();
    this.restoreWorkerState = saveWorkerState();
    this.workerConsole = globalThis.console;
    const testConsole = () => this.global?.console ?? this.workerConsole;
    globalThis.console = new Proxy(this.workerConsole, {
      get: (_, key) => {
        const console = testConsole();
        const value = Reflect.get(console, key);
        return typeof value === 'function' ? value.bind(console) : value;
      },
    });
  }

  async teardown() {
    globalThis.console = this.workerConsole;
    this.restoreWorkerState();
    await super.teardown();
  }
}

module.exports = SharedModulesEnvironment;
