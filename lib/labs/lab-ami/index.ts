import type { LabModule } from '../../lab-module';
import { meta } from './meta';
import { OUTPUTS, outputIds } from './outputs';

export const labAmi = {
  meta,
  outputs: OUTPUTS,
  outputIds,
  check: async (ctx) => {
    // Loaded on first use: `cdk synth` and `leftovers` need no SDK code of the checks.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { checkLabAmi } = require('./check') as typeof import('./check');
    return checkLabAmi(ctx);
  },
  createStack: (scope, settings, props, shared) => {
    // Loaded on first use: `check` and `leftovers` import the catalogue and must not load aws-cdk-lib.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LabAmiStack } = require('./stack') as typeof import('./stack');
    return new LabAmiStack(scope, meta.id, { ...props, settings: settings.ec2, vpc: shared.vpc() });
  },
} as const satisfies LabModule;
