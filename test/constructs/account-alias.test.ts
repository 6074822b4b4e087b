import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccountAlias } from '../../lib/constructs/account-alias';

function build(recordRegion?: string) {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [] } }), 'Test');
  const alias = new AccountAlias(stack, 'Alias', { alias: 'my-dva-lab-2026', recordRegion });
  return { alias, template: Template.fromStack(stack) };
}

describe('AccountAlias', () => {
  it('a custom resource CloudFormation waits 3 minutes for at most, deleted with the stack', () => {
    const { template } = build();
    const resources = Object.values(template.findResources('Custom::AccountAlias'));
    expect(resources).toHaveLength(1);
    expect(resources[0].DeletionPolicy).toBe('Delete');
    const props = { ...resources[0].Properties };
    delete props.ServiceToken;
    expect(props).toEqual({ AccountAlias: 'my-dva-lab-2026', ServiceTimeout: '180' });
  });

  it('its handler may touch the alias record only, in us-east-1 unless told otherwise', () => {
    const json = JSON.stringify(build().template.toJSON());
    expect(json).toContain(':ssm:us-east-1:');
    expect(json).toContain(':parameter/dva-labs/account-settings/account-alias/record');
    expect(json).toContain(':parameter/dva-labs/account-settings/account-alias/lock');
    expect(json).not.toContain('password-policy');
    expect(build('eu-west-1').alias.handler.recordRegion).toBe('eu-west-1');
  });
});
