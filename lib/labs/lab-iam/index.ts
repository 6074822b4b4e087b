import type { LabModule } from '../../lab-module';
import { meta } from './meta';
import { OUTPUTS, outputIds } from './outputs';

export const labIam = {
  meta,
  outputs: OUTPUTS,
  outputIds: (settings) => outputIds(settings.iam),
  check: async (ctx) => {
    // Loaded on first use: `cdk synth` and `leftovers` need no SDK code of the checks.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { checkLabIam } = require('./check') as typeof import('./check');
    return checkLabIam(ctx);
  },
  createStack: (scope, settings, props) => {
    // Loaded on first use: `check` and `leftovers` import the catalogue and must not load aws-cdk-lib.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LabIamStack } = require('./stack') as typeof import('./stack');
    return new LabIamStack(scope, meta.id, { ...props, settings: settings.iam });
  },
} as const satisfies LabModule;
