/**
 * Jest's runtime, except that:
 * - shared libraries (see shared-modules.js) are required through Node, once per worker, instead
 *   of into each test file's module registry. A module a test mocks with jest.mock() still comes
 *   from the registry;
 * - the modules it does load per file are compiled so that V8 reuses their compilation in every
 *   file of the worker (compileModuleFunction).
 */
const vm = require('node:vm');
const Runtime = require('jest-runtime').default;
const { isShared, requireShared, compileModuleFunction } = require('./shared-modules');

class SharedModulesRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    // Jest's executor compiles each module with vm.compileFunction (its own error handling
    // around it): that one call goes through compileModuleFunction instead.
    const executor = this.executor;
    if (typeof executor?.compile !== 'function') throw new Error('jest-runtime has no executor.compile any more: see test/jest/shared-runtime.js');
    const compile = executor.compile;
    executor.compile = function compileWithScript(source, filename) {
      const compileFunction = vm.compileFunction;
      vm.compileFunction = compileModuleFunction;
      try {
        return compile.call(this, source, filename);
      } finally {
        vm.compileFunction = compileFunction;
      }
    };
  }

  requireModuleOrMock(from, moduleName) {
    if (isShared(from, moduleName) && !this.mockState.shouldMockCjs(from, moduleName).shouldMock) {
      return requireShared(from, moduleName);
    }
    return super.requireModuleOrMock(from, moduleName);
  }

  requireActual(from, moduleName) {
    return isShared(from, moduleName) ? requireShared(from, moduleName) : super.requireActual(from, moduleName);
  }
}

module.exports = SharedModulesRuntime;
