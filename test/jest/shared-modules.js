/**
 * What test files in one Jest worker share: the libraries the kit is built on, loaded once
 * per worker by Node instead of once per test file in Jest's module registry.
 *
 * Loading them per file was most of the suite's time: @aws-sdk/client-ec2 alone is a 2 MB
 * file that takes ~0.3 s to compile and ~0.2 s to run, and every file that builds a lab
 * loads aws-cdk-lib. The kit's own code (lib/, bin/) and the tests still load per file, so
 * each file starts from a fresh copy of what it tests.
 *
 * Shared modules live in the worker's realm, not the test file's: see environment.js for what
 * that takes (errors from either realm are `instanceof Error`, one process.env) and for what
 * it puts back after each file (process.env, SDK clients' `send` stubbed by aws-sdk-client-mock).
 */
const path = require('node:path');
const vm = require('node:vm');
const { createRequire } = require('node:module');

/** Packages loaded once per worker. Pure libraries: they keep no state a test depends on. */
const SHARED_PACKAGES = ['aws-cdk-lib', 'constructs', 'cdk-nag', '@aws-sdk/', '@smithy/', '@aws-crypto/'];

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** The package a bare module name or a file path inside node_modules belongs to. */
function packageOf(nameOrPath) {
  const at = nameOrPath.lastIndexOf(NODE_MODULES);
  const name = at >= 0 ? nameOrPath.slice(at + NODE_MODULES.length).split(path.sep).join('/') : nameOrPath;
  const [scope, pkg] = name.split('/');
  return scope.startsWith('@') ? `${scope}/${pkg}` : scope;
}

function isSharedPackage(pkg) {
  return SHARED_PACKAGES.some((shared) => (shared.endsWith('/') ? pkg.startsWith(shared) : pkg === shared));
}

/**
 * Whether `require(moduleName)` from `from` loads a shared module: a bare name of a shared
 * package, a relative path from inside one (as aws-cdk-lib's jest-autoclean requires
 * "../cx-api", loaded as a setup file by Jest), or this module.
 */
function isShared(from, moduleName) {
  if (moduleName.startsWith('.') || path.isAbsolute(moduleName)) {
    // This module too: it keeps the worker's state, which a test of it must see.
    if (path.resolve(path.dirname(from), moduleName).replace(/\.js$/, '') === __filename.replace(/\.js$/, '')) return true;
    return from.includes(NODE_MODULES) && isSharedPackage(packageOf(from));
  }
  return !moduleName.startsWith('node:') && isSharedPackage(packageOf(moduleName));
}

function requireShared(from, moduleName) {
  return createRequire(from)(moduleName);
}

const SDK_CLIENT_FILE = `${NODE_MODULES}@aws-sdk${path.sep}client-`;
/** Each loaded SDK client module's classes: its exports are read once (EC2's are thousands). */
const clientClassesOfFile = new Map();

/** The loaded SDK clients' classes (anything with a prototype `send`), found in Node's module cache. */
function loadedClientClasses() {
  const classes = [];
  for (const file of Object.keys(require.cache)) {
    if (!file.includes(SDK_CLIENT_FILE)) continue;
    let fileClasses = clientClassesOfFile.get(file);
    if (!fileClasses) {
      const entry = require.cache[file];
      if (!entry || !entry.loaded) continue;
      fileClasses = Object.values(entry.exports ?? {}).filter(
        (value) => typeof value === 'function' && value.prototype && typeof value.prototype.send === 'function',
      );
      clientClassesOfFile.set(file, fileClasses);
    }
    classes.push(...fileClasses);
  }
  return classes;
}

/**
 * Remembers what test files in a worker share and could change (process.env) and returns what
 * puts it back when a file ends: process.env as it was, and every SDK client class whose `send`
 * a sinon stub replaced (what aws-sdk-client-mock does) with its own `send` again.
 */
function saveWorkerState() {
  const env = { ...process.env };
  return function restoreWorkerState() {
    for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
    Object.assign(process.env, env);
    for (const clientClass of loadedClientClasses()) {
      const send = Object.getOwnPropertyDescriptor(clientClass.prototype, 'send')?.value;
      // A sinon stub knows how to put the original back.
      if (send?.isSinonProxy && typeof send.restore === 'function') send.restore();
    }
  };
}

let modulesCompiled = 0;

/**
 * What Jest's `vm.compileFunction(code, params, options)` for a module of a test file does, as
 * a vm.Script of that function: V8 keeps a script's compilation for the whole worker (keyed by
 * its source and file name), the functions it compiled lazily included, and compileFunction's
 * not at all. Each test file compiled the kit's code, the tests' helpers and Jest's own expect
 * and snapshot modules again (~2 CPU-s a run). The function still runs in the test file's
 * context (options.parsingContext), and its lines are the file's (the wrapper's line is -1).
 */
function compileModuleFunction(code, params, options = {}) {
  const script = new vm.Script(`(function (${params.join(', ')}) {\n${code}\n})`, {
    filename: options.filename,
    lineOffset: -1,
    importModuleDynamically: options.importModuleDynamically,
  });
  modulesCompiled++;
  return options.parsingContext ? script.runInContext(options.parsingContext) : script.runInThisContext();
}

/** How many modules compileModuleFunction compiled in this worker (for tests). */
function compiledModuleCount() {
  return modulesCompiled;
}

module.exports = { isShared, requireShared, saveWorkerState, compileModuleFunction, compiledModuleCount };
