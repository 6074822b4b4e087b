/**
 * What one run of the app builds and validates, from the CDK CLI's context (bin/app.ts).
 */
import { LAB_IDS } from '../lib/catalogue';
import { synthOptions } from '../lib/synth-options';

describe('synthOptions', () => {
  it('builds and validates every lab for `cdk synth` / `cdk deploy X` (the CLI passes ["**"]), and without the CLI', () => {
    expect(synthOptions(['**'], {})).toEqual({ validate: true });
    expect(synthOptions(undefined, {})).toEqual({ validate: true });
  });

  it('builds only the labs named with --exclusively, by id or glob', () => {
    expect(synthOptions(['LabIam'], {})).toEqual({ only: ['LabIam'], validate: true });
    expect(synthOptions(['LabEc2*'], {})).toEqual({ only: ['LabEc2', 'LabEc2Apache'], validate: true });
    expect(synthOptions(['LabEc?'], {})).toEqual({ only: ['LabEc2'], validate: true });
    expect(synthOptions(['LabAlb', 'LabBudget'], {})).toEqual({ only: ['LabBudget', 'LabAlb'], validate: true });
  });

  it('builds every lab when the names match no lab or all of them', () => {
    expect(synthOptions(['LabNetwork'], {})).toEqual({ validate: true });
    expect(synthOptions(['LabNope'], {})).toEqual({ validate: true });
    expect(synthOptions([...LAB_IDS], {})).toEqual({ validate: true });
  });

  it('takes a glob character literally only where it is one: a dot is a dot', () => {
    expect(synthOptions(['Lab.am'], {})).toEqual({ validate: true });
  });

  it('skips the validation for commands that deploy nothing (`cdk ls`, `cdk destroy`: [])', () => {
    expect(synthOptions([], {})).toEqual({ validate: false });
  });

  it("follows the CLI's --no-validation (CDK_VALIDATION=false)", () => {
    expect(synthOptions(['**'], { CDK_VALIDATION: 'false' })).toEqual({ validate: false });
    expect(synthOptions(['LabIam'], { CDK_VALIDATION: 'false' })).toEqual({ only: ['LabIam'], validate: false });
  });
});
