/**
 * Not part of the suite: `.ci/run` runs this file alone (JEST_FAILURE_CANARY=1, see
 * jest.config.js) through `npm test` and requires a non-zero exit, proving that the
 * README's test command fails when a test fails, with moto running as in a real run.
 */
import { motoEndpoint } from '../moto/moto';

it('runs with moto up, as the real suite does', async () => {
  const res = await fetch(`${motoEndpoint()}/moto-api/data.json`);
  expect(res.ok).toBe(true);
});

it('fails on purpose', () => {
  expect('this canary').toBe('a failing test');
});
