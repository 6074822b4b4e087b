/**
 * The libraries test files in one Jest worker share (test/jest: shared-runtime.js,
 * environment.js): loaded once, from the worker's realm, and what that takes for the kit's
 * code to behave as it does on its own.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { App } from 'aws-cdk-lib';
import { mockClient } from 'aws-sdk-client-mock';
import { compiledModuleCount, isShared, saveWorkerState } from './shared-modules';

const ROOT = path.join(__dirname, '..', '..');
/** A require at run time, through Jest's runtime, as the tests' and the kit's imports are. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the name is only known at run time
const load = (name: string): unknown => require(name);
/** The worker realm's Function: runs code there, as a shared library's own code runs. */
const inWorker = <T>(body: string) => (App.constructor as FunctionConstructor)(body)() as T;

describe('shared libraries', () => {
  it.each(['aws-cdk-lib', 'aws-cdk-lib/aws-ec2', 'constructs', 'cdk-nag', '@aws-sdk/client-cloudformation'])(
    '%s is loaded once per worker: jest.isolateModules gives the same module, from the worker realm',
    (name) => {
      let isolated: unknown;
      jest.isolateModules(() => {
        isolated = load(name);
      });
      expect(isolated).toBe(load(name));
      expect(jest.requireActual(name)).toBe(isolated);
      expect(Object.getPrototypeOf(isolated) === Object.prototype || Object.getPrototypeOf(isolated) === null).toBe(false);
    },
  );

  it('the state they share is kept by one module per worker', () => {
    let isolated: unknown;
    jest.isolateModules(() => {
      isolated = load('./shared-modules');
    });
    expect(isolated).toBe(load('./shared-modules'));
  });

  it("the kit's own code is loaded afresh in each module registry", () => {
    let isolated: unknown;
    jest.isolateModules(() => {
      isolated = load('../../lib/catalogue');
    });
    expect(isolated).not.toBe(load('../../lib/catalogue'));
  });

  it("the kit's modules are compiled through compileModuleFunction, in the test file's context, with their own lines", () => {
    const before = compiledModuleCount();
    let fresh: { LABS: object } | undefined;
    jest.isolateModules(() => {
      fresh = load('../../lib/catalogue') as { LABS: object };
    });
    expect(compiledModuleCount()).toBeGreaterThan(before);
    // Made by the module's code, in this file's realm.
    expect(Object.getPrototypeOf(fresh!.LABS)).toBe(Object.prototype);
    const marker = ['line', 'of', 'the', 'error'].join('-');
    const line = fs.readFileSync(__filename, 'utf8').split('\n').findIndex((text) => text.includes(`Error('${marker}')`)) + 1;
    const stack = new Error('line-of-the-error').stack!;
    expect(line).toBeGreaterThan(0);
    expect(stack).toContain(`shared-modules.test.ts:${line}:`);
  });

  it.each([
    ['aws-cdk-lib', 'test/x.test.ts', true],
    ['aws-cdk-lib/assertions', 'lib/x.ts', true],
    ['constructs', 'lib/x.ts', true],
    ['cdk-nag', 'lib/x.ts', true],
    ['@aws-sdk/client-ec2', 'lib/x.ts', true],
    ['@smithy/node-http-handler', 'test/x.ts', true],
    ['../cx-api', 'node_modules/aws-cdk-lib/testhelpers/jest-autoclean.js', true],
    ['./shared-modules', 'test/jest/x.test.ts', true],
    ['../jest/shared-modules.js', 'test/labs/x.test.ts', true],
    ['./x', 'lib/x.ts', false],
    ['../lib/settings', 'test/x.test.ts', false],
    ['./sinon', 'node_modules/aws-sdk-client-mock/dist/cjs/index.js', false],
    ['aws-sdk-client-mock', 'test/x.ts', false],
    ['mermaid', 'test/x.ts', false],
    ['node:fs', 'lib/x.ts', false],
    ['fs', 'lib/x.ts', false],
    ['aws-cdk-lib-lookalike', 'lib/x.ts', false],
    ['@aws-sdk-lookalike/client', 'lib/x.ts', false],
  ])('require(%j) from %s is shared: %s', (name, from, shared) => {
    expect(isShared(path.join(ROOT, from), name)).toBe(shared);
  });
});

describe('what sharing takes', () => {
  it("an error made in the worker's realm is an Error here, of its own kind", () => {
    const error = inWorker<unknown>('return new TypeError("from the worker")');
    expect(Object.getPrototypeOf(error)).not.toBe(TypeError.prototype);
    expect(error instanceof Error).toBe(true);
    expect(error instanceof TypeError).toBe(true);
    expect(error instanceof RangeError).toBe(false);
    expect(inWorker<unknown>('return { name: "Error", message: "no error" }') instanceof Error).toBe(false);
    // A class of the test's own keeps the ordinary check.
    class LabError extends Error {}
    expect(error instanceof LabError).toBe(false);
    expect(new Error('plain') instanceof LabError).toBe(false);
    expect(new LabError('mine') instanceof LabError).toBe(true);
    expect(new LabError('mine') instanceof Error).toBe(true);
  });

  it('a shared library reads the process.env a test sets', () => {
    process.env.SHARED_MODULES_PROBE = 'set by the test';
    try {
      expect(inWorker('return process.env.SHARED_MODULES_PROBE')).toBe('set by the test');
    } finally {
      delete process.env.SHARED_MODULES_PROBE;
    }
  });

  it("what a shared library prints reaches the test file's console", () => {
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      inWorker('console.error("printed in the worker")');
      expect(printed).toHaveBeenCalledWith('printed in the worker');
    } finally {
      printed.mockRestore();
    }
  });
});

describe('saveWorkerState: what a file changed is put back when it ends', () => {
  it('process.env: a variable added is gone, one changed or deleted is back', () => {
    process.env.SHARED_MODULES_KEPT = 'before';
    process.env.SHARED_MODULES_DELETED = 'before';
    try {
      const restore = saveWorkerState();
      process.env.SHARED_MODULES_KEPT = 'changed';
      delete process.env.SHARED_MODULES_DELETED;
      process.env.SHARED_MODULES_ADDED = 'added';
      restore();
      expect(process.env.SHARED_MODULES_KEPT).toBe('before');
      expect(process.env.SHARED_MODULES_DELETED).toBe('before');
      expect('SHARED_MODULES_ADDED' in process.env).toBe(false);
    } finally {
      delete process.env.SHARED_MODULES_KEPT;
      delete process.env.SHARED_MODULES_DELETED;
    }
  });

  it("an SDK client's send stubbed by aws-sdk-client-mock is the client's own again", async () => {
    const original = CloudFormationClient.prototype.send;
    const restore = saveWorkerState();
    mockClient(CloudFormationClient).on(DescribeStacksCommand).resolves({ Stacks: [] });
    expect(CloudFormationClient.prototype.send).not.toBe(original);
    restore();
    expect(CloudFormationClient.prototype.send).toBe(original);
    // A client made afterwards sends for real (here: nowhere to send to).
    const client = new CloudFormationClient({ region: 'eu-west-1', endpoint: 'http://localhost:1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
    await expect(client.send(new DescribeStacksCommand({}))).rejects.toThrow();
    client.destroy();
  });
});
