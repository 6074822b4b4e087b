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
    // Failover stops an instance for a minute or two: only with `npm run check -- LabAlbRouting --failover`.
    return checkLabAlbRouting(ctx, { failover: ctx.disruptive?.failover ?? false });
  },
  createStack: (scope, settings, props, shared) => {
    // Loaded on first use: `check` and `leftovers` import the catalogue and must not load aws-cdk-lib.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LabAlbRoutingStack } = require('./stack') as typeof import('./stack');
    return new LabAlbRoutingStack(scope, meta.id, { ...props, settings: settings.ec2, vpc: shared.vpc() });
  },
} as const satisfies LabModule;
