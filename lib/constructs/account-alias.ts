import { CustomResource, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AccountSettingFunction } from './account-setting-function';

/** Props of {@link AccountAlias}. */
export interface AccountAliasProps {
  /** The alias: 3-63 lowercase letters, digits and hyphens, unique across AWS (validated in settings.ts). */
  readonly alias: string;
}

/**
 * The account alias of the sign-in URL (Custom::AccountAlias). Refuses to replace a
 * different alias that is already there; adopts the same alias without owning it; on
 * delete removes only an alias it created. See lib/handlers/account-alias.ts.
 */
export class AccountAlias extends Construct {
  readonly alias: string;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: AccountAliasProps) {
    super(scope, id);
    this.alias = props.alias;
    const handler = new AccountSettingFunction(this, 'Handler', {
      handlerFile: 'account-alias.ts',
      iamActions: ['iam:ListAccountAliases', 'iam:CreateAccountAlias', 'iam:DeleteAccountAlias'],
      whyAllResources: 'The account alias is not a resource with an ARN: IAM only accepts "*" for these three actions.',
    });
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: handler.function.functionArn,
      resourceType: 'Custom::AccountAlias',
      properties: { AccountAlias: props.alias },
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
