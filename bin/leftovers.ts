/** What the kit left in the account: `npm run leftovers` (lib/leftovers/cli.ts). */
import { main } from '../lib/leftovers/cli';
import { runMain } from '../lib/cli/io';

runMain(main, 'leftovers');
