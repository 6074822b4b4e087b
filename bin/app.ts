/**
 * The CDK app: reads the settings once, then adds every lab.
 *   npx cdk synth                 every lab, no AWS account needed
 *   npx cdk deploy LabEc2Apache   one lab into your account
 */
import { App } from 'aws-cdk-lib';
import { addLabs } from '../lib/lab-app';
import { readSettings, SettingsError } from '../lib/settings';

const app = new App();
try {
  // The whole context, so that a misspelt key (sshCIDR, instance_type) is refused, not ignored.
  // The clock is read once: every lab's auto-destroy deadline counts from this moment.
  addLabs(app, readSettings(app.node.getAllContext() as Record<string, unknown>), { now: new Date() });
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  // A settings mistake is the learner's to fix: say what and how, without a stack trace.
  console.error(`\n${error.message}\n`);
  process.exit(1);
}
app.synth();
