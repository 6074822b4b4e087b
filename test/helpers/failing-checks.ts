/**
 * Every check must be seen failing (issue 9.8): a lab's check tests record each failure
 * they assert through `expectFails`, and the last test of the file asserts that every id
 * of the lab's meta.checks failed in some test above.
 */
import { mockClient } from 'aws-sdk-client-mock';
import type { CheckResult } from '../../lib/check/result';
import type { LabMeta } from '../../lib/lab-module';

export interface FailingCases {
  /** Asserts the check failed, records it, and returns the result. */
  expectFails(results: readonly CheckResult[], id: string): CheckResult;
  /** The ids of meta.checks no test has seen failing. */
  neverFailed(): string[];
}

export function failingCases(meta: LabMeta): FailingCases {
  const failed = new Set<string>();
  return {
    expectFails(results, id) {
      const result = results.find((r) => r.id === id);
      expect(result).toMatchObject({ id, status: 'fail' });
      failed.add(id);
      return result!;
    },
    neverFailed: () => meta.checks.map((c) => c.id).filter((id) => !failed.has(id)),
  };
}

/**
 * aws-sdk-client-mock on one client that answers `answered` itself, sends each command of
 * `passThrough` on to moto, and rejects any other command loudly (never a silent undefined).
 */
export function partialMock<C extends { send: (command: never) => Promise<unknown> }>(
  client: C,
  passThrough: readonly (new (input: never) => unknown)[],
) {
  const realSend = client.send.bind(client) as (command: unknown) => Promise<never>;
  const mock = mockClient(client as never);
  mock.onAnyCommand().callsFake((input: unknown) => Promise.reject(new Error(`command not answered by this test's mock: ${JSON.stringify(input)}`)));
  for (const Command of passThrough) {
    mock.on(Command as never).callsFake((input: unknown) => realSend(new Command(input as never)));
  }
  return mock;
}
