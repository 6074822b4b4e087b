/**
 * The SDK waiters' settings under the learner's --wait bound (lib/check/context.ts): the CLI's
 * polling stays as it was; a test can wait out a bound of a fraction of a second.
 */
import { waiterOptions, type WaitOptions } from '../../lib/check/context';

const wait = (maxWaitSeconds: number, pollSeconds?: number): WaitOptions => ({ maxWaitSeconds, pollSeconds, onProgress: () => undefined });

describe('waiterOptions', () => {
  it.each([
    // --wait is a whole number of seconds from 1 to 3600: at least 2 s for the waiter, polls from 1 s up to 15 s.
    [1, 2, 1],
    [2, 2, 1],
    [10, 10, 2],
    [180, 180, 15],
    [3600, 3600, 15],
  ])('polls every second and up to 15 s, as the CLI always did (--wait %i)', (seconds, maxWaitTime, maxDelay) => {
    expect(waiterOptions('client', wait(seconds))).toEqual({ client: 'client', maxWaitTime, minDelay: 1, maxDelay });
  });

  it('polls a bound of a fraction of a second as often as asked', () => {
    expect(waiterOptions('client', wait(0.3, 0.05))).toEqual({ client: 'client', maxWaitTime: 0.3, minDelay: 0.05, maxDelay: 0.05 });
  });

  it('keeps what the SDK requires: maxWaitTime above minDelay, maxDelay not below it', () => {
    for (const [seconds, poll] of [[0.01, 0.05], [0.3, 0.05], [1, undefined], [180, 2]] as const) {
      const options = waiterOptions('client', wait(seconds, poll));
      expect(options.maxWaitTime).toBeGreaterThan(options.minDelay);
      expect(options.maxDelay).toBeGreaterThanOrEqual(options.minDelay);
    }
  });
});
