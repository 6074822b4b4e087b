import type { LabModule } from '../../lab-module';
import { APP_NUMBERS, meta } from './meta';
import { OUTPUTS, outputIds } from './outputs';

export const labAlbRouting = {
  meta,
  outputs: OUTPUTS,
  outputIds: () => outputIds(APP_NUMBERS),
  check: async (ctx) => {
    // Loaded on first use: `cdk synth` and `leftovers` need no SDK code of the checks.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { checkLabAlbRouting } = require('./check') as typeof import('./check');
    // The CLI has no flag for the failover check yet: it is skipped (see checkLabAlbRouting's options).
    return checkLabAlbRouting(ctx);
  },
  createStack: (scope, settings, props, shared) => {
    // Loaded on first use: `check` and `leftovers` import the catalogue and must not load aws-cdk-lib.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LabAlbRoutingStack } = require('./stack') as typeof import('./stack');
    return new LabAlbRoutingStack(scope, meta.id, { ...props, settings: settings.ec2, vpc: shared.vpc() });
  },
} as const satisfies LabModule;
