import type { LabModule } from '../../lab-module';
import { meta, WEB_SERVER_NUMBERS } from './meta';
import { OUTPUTS, outputIds } from './outputs';

export const labAlb = {
  meta,
  outputs: OUTPUTS,
  outputIds: () => outputIds(WEB_SERVER_NUMBERS),
  check: async (ctx) => {
    // Loaded on first use: `cdk synth` and `leftovers` need no SDK code of the checks.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { checkLabAlb } = require('./check') as typeof import('./check');
    return checkLabAlb(ctx);
  },
  createStack: (scope, settings, props, shared) => {
    // Loaded on first use: `check` and `leftovers` import the catalogue and must not load aws-cdk-lib.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LabAlbStack } = require('./stack') as typeof import('./stack');
    return new LabAlbStack(scope, meta.id, { ...props, settings: settings.ec2, vpc: shared.vpc() });
  },
} as const satisfies LabModule;
