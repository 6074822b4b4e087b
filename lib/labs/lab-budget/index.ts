import type { LabModule } from '../../lab-module';
import { meta } from './meta';
import { OUTPUTS } from './outputs';

export const labBudget = {
  meta,
  outputs: OUTPUTS,
  outputIds: () => Object.values(OUTPUTS),
  check: async (ctx) => {
    // Loaded on first use: `cdk synth` and `leftovers` need no SDK code of the checks.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { checkLabBudget } = require('./check') as typeof import('./check');
    return checkLabBudget(ctx);
  },
  createStack: (scope, settings, props) => {
    // Loaded on first use: `check` and `leftovers` import the catalogue and must not load aws-cdk-lib.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LabBudgetStack } = require('./stack') as typeof import('./stack');
    return new LabBudgetStack(scope, meta.id, { ...props, settings: settings.budget });
  },
} as const satisfies LabModule;
