import {
  assertTtlMinutes,
  autoDestroyNotice,
  DEADLINE_OUTPUT_KEY,
  deadlineAfter,
  DEFAULT_TTL_MINUTES,
  formatDeadlineIso,
  formatDeadlineUtc,
  formatMinutes,
  MAX_TTL_MINUTES,
  maxCostBeforeAutoDestroy,
  MIN_TTL_MINUTES,
  parseDeadline,
  scheduleAtExpression,
  timeLeft,
  WARN_BELOW_MINUTES,
} from '../lib/ttl';

const at = (iso: string) => new Date(iso);

describe('ttl bounds', () => {
  it('accepts whole minutes from 30 minutes to 7 days, the default among them', () => {
    expect([MIN_TTL_MINUTES, MAX_TTL_MINUTES]).toEqual([30, 10080]);
    for (const ok of [30, 31, 240, 10079, 10080, DEFAULT_TTL_MINUTES]) expect(() => assertTtlMinutes(ok)).not.toThrow();
  });

  it.each([29, 10081, 0, -240, 90.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %p, naming the setting and how to set it', (bad) => {
    expect(() => assertTtlMinutes(bad)).toThrow(/^ttl: .* from 30 \(30m\) to 10080 \(7d\), e\.g\. -c ttl=4h, or -c ttl=off/);
  });
});

describe('deadlineAfter', () => {
  it('adds the ttl and rounds up to the next whole minute', () => {
    expect(deadlineAfter(at('2026-11-26T15:29:12.345Z'), 240)).toEqual(at('2026-11-26T19:30:00Z'));
    expect(deadlineAfter(at('2026-11-26T15:29:00.001Z'), 240)).toEqual(at('2026-11-26T19:30:00Z'));
  });

  it('keeps a time already on the minute', () => {
    expect(deadlineAfter(at('2026-11-26T15:30:00.000Z'), 240)).toEqual(at('2026-11-26T19:30:00Z'));
    expect(deadlineAfter(at('2026-11-26T15:30:00.000Z'), 30)).toEqual(at('2026-11-26T16:00:00Z'));
  });

  it('crosses days, months and years in UTC', () => {
    expect(deadlineAfter(at('2026-12-31T22:00:00Z'), 240)).toEqual(at('2027-01-01T02:00:00Z'));
    expect(deadlineAfter(at('2028-02-28T23:59:30Z'), 10080)).toEqual(at('2028-03-07T00:00:00Z'));
  });

  it('gives the same deadline to two synths in the same minute', () => {
    expect(deadlineAfter(at('2026-11-26T15:29:01Z'), 90)).toEqual(deadlineAfter(at('2026-11-26T15:29:59.999Z'), 90));
  });

  it('rejects a ttl out of bounds and an invalid clock', () => {
    expect(() => deadlineAfter(at('2026-11-26T15:29:00Z'), 29)).toThrow(/^ttl: 29 minutes/);
    expect(() => deadlineAfter(new Date('not a date'), 240)).toThrow(/now is an invalid date/);
  });
});

describe('formats', () => {
  const deadline = at('2026-11-26T19:30:00Z');

  it('writes the deadline for the output, the sentence and the scheduler', () => {
    expect(formatDeadlineIso(deadline)).toBe('2026-11-26T19:30:00Z');
    expect(formatDeadlineUtc(deadline)).toBe('2026-11-26 19:30 UTC');
    expect(scheduleAtExpression(deadline)).toBe('at(2026-11-26T19:30:00)');
    expect(scheduleAtExpression(at('2027-01-01T00:05:00Z'))).toBe('at(2027-01-01T00:05:00)');
  });

  it.each([
    [0, '0 min'],
    [1, '1 min'],
    [45, '45 min'],
    [60, '1 h'],
    [90, '1 h 30 min'],
    [240, '4 h'],
    [1440, '1 d'],
    [1441, '1 d 1 min'],
    [2 * 1440 + 180 + 1, '2 d 3 h 1 min'],
    [10080, '7 d'],
  ])('formatMinutes(%p) is %p', (minutes, text) => {
    expect(formatMinutes(minutes)).toBe(text);
  });

  it('formatMinutes rejects what is not a whole number of minutes', () => {
    expect(() => formatMinutes(-1)).toThrow(/-1 is not a whole number/);
    expect(() => formatMinutes(1.5)).toThrow(/1.5 is not a whole number/);
  });

  it('says when, how long after deploy, and how to extend or turn it off', () => {
    expect(autoDestroyNotice(deadline, 240, 'LabAlb')).toBe(
      'This lab deletes itself at 2026-11-26 19:30 UTC, 4 h after deploy; redeploy to extend (npx cdk deploy LabAlb), or keep it with -c ttl=off',
    );
    expect(autoDestroyNotice(deadline, 90, 'LabEc2')).toContain(', 1 h 30 min after deploy; redeploy to extend (npx cdk deploy LabEc2)');
  });
});

describe('parseDeadline', () => {
  it('reads back what the output holds', () => {
    const deadline = at('2026-11-26T19:30:00Z');
    expect(parseDeadline(formatDeadlineIso(deadline))).toEqual(deadline);
    expect(parseDeadline(' 2026-11-26T19:30:00Z\n')).toEqual(deadline);
  });

  it('gives undefined for a stack without the output', () => {
    expect(parseDeadline(undefined)).toBeUndefined();
  });

  it.each(['', 'garbage', '2026-11-26 19:30 UTC', '2026-11-26T19:30:00', '2026-11-26T19:30:00.000Z', '2026-11-26T19:30:00+01:00', '2026-02-30T00:00:00Z', '2026-11-26T24:00:00Z'])(
    'rejects %p, naming the output',
    (bad) => {
      expect(() => parseDeadline(bad)).toThrow(new RegExp(`^${DEADLINE_OUTPUT_KEY}: ".*" is not a UTC time like 2026-11-26T19:30:00Z$`));
    },
  );
});

describe('timeLeft', () => {
  const deadline = at('2026-11-26T19:30:00Z');

  it('counts whole minutes down', () => {
    expect(timeLeft(deadline, at('2026-11-26T15:31:30Z'))).toEqual({ minutes: 238, status: 'ok', text: 'in 3 h 58 min' });
    expect(timeLeft(deadline, at('2026-11-24T19:30:00Z'))).toEqual({ minutes: 2880, status: 'ok', text: 'in 2 d' });
  });

  it(`warns under ${WARN_BELOW_MINUTES} minutes, not at exactly ${WARN_BELOW_MINUTES}`, () => {
    expect(timeLeft(deadline, at('2026-11-26T19:15:00Z'))).toEqual({ minutes: 15, status: 'ok', text: 'in 15 min' });
    expect(timeLeft(deadline, at('2026-11-26T19:15:00.001Z'))).toEqual({ minutes: 14, status: 'soon', text: 'in 14 min' });
    expect(timeLeft(deadline, at('2026-11-26T19:29:30Z'))).toEqual({ minutes: 0, status: 'soon', text: 'in less than a minute' });
  });

  it('says how long ago the deadline passed', () => {
    expect(timeLeft(deadline, deadline)).toEqual({ minutes: 0, status: 'passed', text: 'less than a minute ago' });
    expect(timeLeft(deadline, at('2026-11-26T19:35:59Z'))).toEqual({ minutes: -5, status: 'passed', text: '5 min ago' });
    expect(timeLeft(deadline, at('2026-11-26T21:00:00Z'))).toEqual({ minutes: -90, status: 'passed', text: '1 h 30 min ago' });
  });

  it('rejects an invalid date', () => {
    expect(() => timeLeft(new Date('x'), deadline)).toThrow(/invalid date/);
  });
});

describe('maxCostBeforeAutoDestroy', () => {
  it('is the hourly cost for the ttl plus the time deletion takes', () => {
    // LabAlb at $0.0731/h with the default 4 h: 4 h 15 min of it.
    expect(maxCostBeforeAutoDestroy(0.0731, DEFAULT_TTL_MINUTES)).toBeCloseTo(0.310675, 6);
    expect(maxCostBeforeAutoDestroy(0.0731, MIN_TTL_MINUTES)).toBeCloseTo(0.054825, 6);
    expect(maxCostBeforeAutoDestroy(0.0731, MAX_TTL_MINUTES)).toBeCloseTo(12.299075, 6);
    expect(maxCostBeforeAutoDestroy(0, 240)).toBe(0);
  });

  it('has no limit when the ttl is off', () => {
    expect(maxCostBeforeAutoDestroy(0.0731, 'off')).toBeUndefined();
  });

  it('rejects a cost that is not one and a ttl out of bounds', () => {
    expect(() => maxCostBeforeAutoDestroy(-0.01, 240)).toThrow(/-0.01 is not a cost per hour/);
    expect(() => maxCostBeforeAutoDestroy(Number.NaN, 240)).toThrow(/NaN is not a cost per hour/);
    expect(() => maxCostBeforeAutoDestroy(0.0731, 29)).toThrow(/^ttl: 29 minutes/);
  });
});
