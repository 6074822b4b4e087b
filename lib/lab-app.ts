import { App, Stack, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LAB_IDS, LABS, type LabId } from './catalogue';
import { stackDescription } from './lab-module';
import type { LabSettings } from './settings';
import { LAB_TAG_KEY, PROJECT_TAG_KEY, PROJECT_TAG_VALUE } from './tags';

export { LAB_IDS, type LabId } from './catalogue';

/**
 * Adds the labs of the catalogue to the app (every lab, or only those named), tags their
 * resources with the project and the lab, and runs cdk-nag's AwsSolutions checks on all of them.
 */
export function addLabs<T extends LabId = LabId>(app: App, settings: LabSettings, only?: readonly T[]): Record<T, Stack> {
  const ids = (only ?? LAB_IDS) as readonly T[];
  const stacks = Object.fromEntries(
    ids.map((id) => [id, LABS[id].createStack(app, settings, { description: stackDescription(LABS[id].meta) })]),
  ) as Record<T, Stack>;
  Tags.of(app).add(PROJECT_TAG_KEY, PROJECT_TAG_VALUE);
  for (const id of ids) Tags.of(stacks[id]).add(LAB_TAG_KEY, id);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stacks;
}
