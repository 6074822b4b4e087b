import { EC2Client } from '@aws-sdk/client-ec2';
import { compareLaunchTypes, renderLaunchTypeComparison, spotQuote, surplusCreditRate } from '../../lib/cost/launch-types';
import { describeWithMoto, motoClientConfig, resetMoto } from '../moto/moto';

describe('the launch-type comparison (from the price table)', () => {
  const comparison = compareLaunchTypes('t3.micro');

  it('pins t3.micro in us-east-1: on-demand, spot (typical), 1-year reserved, compute savings plan, dedicated host', () => {
    expect(comparison.rows.map((r) => [r.launchType, r.usdPerHour, r.source])).toEqual([
      ['On-Demand', 0.0104, 'price table'],
      ['Spot', 0.0035, 'price table'],
      ['Reserved, 1 year, no upfront', 0.0065, 'price table'],
      ['Compute Savings Plan, 1 year, no upfront', 0.0078, 'price table'],
    ]);
    expect(comparison.dedicatedHost).toMatchObject({ launchType: 'Dedicated Host (t3)', usdPerHour: 4.992 });
    for (const row of [...comparison.rows, comparison.dedicatedHost!]) {
      expect(row.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(row.sourceUrl).toMatch(/^https:\/\/aws\.amazon\.com\//);
    }
  });

  it('renders the notes table as numbers: per hour, per month, saving against on-demand', () => {
    const text = renderLaunchTypeComparison(comparison, 200);
    expect(text).toContain('Launch types for one t3.micro, Linux, us-east-1');
    expect(text).toMatch(/On-Demand\s+\$0\.0104\s+\$7\.59\s/);
    expect(text).toMatch(/Spot\s+\$0\.0035\s+\$2\.56\s+66% less\s+price table, 2026-11-26\s+no bid since 2017/);
    expect(text).toMatch(/Reserved, 1 year, no upfront\s+\$0\.0065\s+\$4\.75\s+38% less/);
    expect(text).toMatch(/Compute Savings Plan, 1 year, no upfront\s+\$0\.0078\s+\$5\.69\s+25% less/);
    expect(text).toMatch(/Dedicated Host \(t3\)\s+\$4\.9920\s+\$3644\.16\s+per host/);
    expect(text).toContain('Nothing here is ever bought by the kit.');
  });

  it('says "not in table" for a type the table does not know, and never guesses', () => {
    const unknown = compareLaunchTypes('m7g.medium');
    expect(unknown.rows.every((r) => r.usdPerHour === undefined)).toBe(true);
    expect(unknown.dedicatedHost).toBeUndefined();
    expect(renderLaunchTypeComparison(unknown, 120)).toContain('not in table');
  });

  it('uses a spot quote from the API instead of the table, and says where it is from', () => {
    const live = compareLaunchTypes('t3.micro', {
      spot: { usdPerHour: 0.0031, availabilityZone: 'eu-west-1b', timestamp: new Date('2026-11-26T10:00:00Z') },
      region: 'eu-west-1',
    });
    expect(live.rows[1]).toMatchObject({ usdPerHour: 0.0031, source: 'EC2 API', date: '2026-11-26' });
    expect(live.notes[0]).toBe("Spot is for eu-west-1; every other figure is us-east-1's.");
    expect(renderLaunchTypeComparison(live, 200)).toContain('eu-west-1 (spot: eu-west-1b)');
  });

  it('prices surplus credits per family: t3 $0.05, t4g $0.04 per vCPU-hour; none for other families', () => {
    expect(surplusCreditRate('t3.micro')?.usd).toBe(0.05);
    expect(surplusCreditRate('t4g.micro')?.usd).toBe(0.04);
    expect(surplusCreditRate('m7g.medium')).toBeUndefined();
    expect(surplusCreditRate('note.x')).toBeUndefined();
  });
});

describeWithMoto('spotQuote (moto)', () => {
  let ec2: EC2Client;
  beforeEach(async () => {
    await resetMoto();
    ec2 = new EC2Client(motoClientConfig('eu-west-1'));
  });
  afterEach(() => ec2.destroy());

  it('reads the price in force from DescribeSpotPriceHistory, for one AZ or the cheapest of the region', async () => {
    expect(await spotQuote(ec2, 't3.micro', 'eu-west-1b')).toMatchObject({ usdPerHour: 0.00001, availabilityZone: 'eu-west-1b' });
    expect(await spotQuote(ec2, 't3.micro')).toMatchObject({ usdPerHour: 0.00001, availabilityZone: 'eu-west-1a' });
  });

  it('returns nothing for a type EC2 sells no spot capacity of there', async () => {
    expect(await spotQuote(ec2, 'p5.48xlarge', 'eu-west-1a')).toBeUndefined();
  });
});
