import type { LabModule } from '../../lab-module';
import { meta } from './meta';
import { OUTPUTS } from './outputs';

export const labBurstable = {
  meta,
  outputs: OUTPUTS,
  outputIds: () => Object.values(OUTPUTS),
  check: async (ctx) => {
    // Loaded on first use: `cdk synth` and `leftovers` need no SDK code of the checks.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { checkLabBurstable } = require('./check') as typeof import('./check');
    return checkLabBurstable(ctx);
  },
  createStack: (scope, settings, props, shared) => {
    // Loaded on first use: `check` and `leftovers` import the catalogue and must not load aws-cdk-lib.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LabBurstableStack } = require('./stack') as typeof import('./stack');
    return new LabBurstableStack(scope, meta.id, { ...props, settings: settings.ec2, vpc: shared.vpc() });
  },
} as const satisfies LabModule;
