import { CustomResource, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AccountSettingFunction, CUSTOM_RESOURCE_SERVICE_TIMEOUT } from './account-setting-function';
import { recordParameters } from '../handlers/account-setting-names';

/** Props of {@link AccountAlias}. */
export interface AccountAliasProps {
  /** The alias: 3-63 lowercase letters, digits and hyphens, unique across AWS (validated in settings.ts). */
  readonly alias: string;
  /**
   * The region of the account-wide record of the alias (an SSM parameter). The same for every
   * lab in the account, whatever region it is deployed in.
   * @default 'us-east-1'
   */
  readonly recordRegion?: string;
}

/**
 * The account alias of the sign-in URL (Custom::AccountAlias). Refuses to replace an alias it
 * did not create (the learner's, or one another lab uses); uses the same alias without owning
 * it; the last lab in the account to be destroyed removes the alias only if the kit created it.
 * See lib/handlers/account-alias.ts.
 */
export class AccountAlias extends Construct {
  readonly alias: string;
  readonly handler: AccountSettingFunction;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: AccountAliasProps) {
    super(scope, id);
    this.alias = props.alias;
    this.handler = new AccountSettingFunction(this, 'Handler', {
      handlerFile: 'account-alias.ts',
      iamActions: ['iam:ListAccountAliases', 'iam:CreateAccountAlias', 'iam:DeleteAccountAlias'],
      whyAllResources: 'The account alias is not a resource with an ARN: IAM only accepts "*" for these three actions.',
      record: recordParameters('account-alias'),
      recordRegion: props.recordRegion,
    });
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.handler.function.functionArn,
      resourceType: 'Custom::AccountAlias',
      properties: { AccountAlias: props.alias },
      serviceTimeout: CUSTOM_RESOURCE_SERVICE_TIMEOUT,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
