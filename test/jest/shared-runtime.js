/**
 * Jest's runtime, except that shared libraries (see shared-modules.js) are required through
 * Node, once per worker, instead of into each test file's module registry. A module a test
 * mocks with jest.mock() still comes from the registry.
 */
const Runtime = require('jest-runtime').default;
const { isShared, requireShared } = require('./shared-modules');

class SharedModulesRuntime extends Runtime {
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
