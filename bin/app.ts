/**
 * The CDK app: reads the settings once, then adds every lab.
 *   npx cdk synth                    every lab, no AWS account needed
 *   npx cdk deploy LabEc2Apache      one lab into your account
 *   npx cdk deploy -e LabEc2Apache   the same, building only that lab (its network must be deployed)
 */
import { App, Validations } from 'aws-cdk-lib';
import { addLabs } from '../lib/lab-app';
import { readSettings, SettingsError } from '../lib/settings';
import { BUNDLING_STACKS_CONTEXT, synthOptions } from '../lib/synth-options';
import { CachedCloudFormationValidatePlugin } from '../lib/validation/cached-cloudformation-validation';

// CDK's CloudFormation validation, run through a plugin that remembers the templates it has
// validated (lib/validation/); none for commands that deploy nothing (`cdk ls`, `cdk destroy`).
const app = new App({ builtinCloudFormationValidation: false });
const { only, validate } = synthOptions(app.node.tryGetContext(BUNDLING_STACKS_CONTEXT));
if (validate) Validations.of(app).addPlugins(new CachedCloudFormationValidatePlugin());
try {
  // The whole context, so that a misspelt key (sshCIDR, instance_type) is refused, not ignored.
  // The clock is read once: every lab's auto-destroy deadline counts from this moment.
  addLabs(app, readSettings(app.node.getAllContext() as Record<string, unknown>), { only, now: new Date() });
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  // A settings mistake is the learner's to fix: say what and how, without a stack trace.
  console.error(`\n${error.message}\n`);
  process.exit(1);
}
app.synth();
