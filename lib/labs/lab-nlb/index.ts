import type { LabModule } from '../../lab-module';
import { meta, ZONE_NUMBERS } from './meta';
import { OUTPUTS, outputIds } from './outputs';

export const labNlb = {
  meta,
  outputs: OUTPUTS,
  outputIds: () => outputIds(ZONE_NUMBERS),
  check: async (ctx) => {
    // Loaded on first use: `cdk synth` and `leftovers` need no SDK code of the checks.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { checkLabNlb } = require('./check') as typeof import('./check');
    return checkLabNlb(ctx);
  },
  createStack: (scope, settings, props, shared) => {
    // Loaded on first use: `check` and `leftovers` import the catalogue and must not load aws-cdk-lib.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LabNlbStack } = require('./stack') as typeof import('./stack');
    return new LabNlbStack(scope, meta.id, { ...props, settings: settings.ec2, vpc: shared.vpc() });
  },
} as const satisfies LabModule;
