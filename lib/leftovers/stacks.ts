/**
 * The labs' CloudFormation stacks, in any state but DELETE_COMPLETE (which
 * DescribeStacks no longer lists), and the stacks the kit keeps on purpose: the CDK
 * bootstrap stack and the network the EC2 labs share (LabNetwork, free).
 */
import { paginateDescribeStacks, type Stack } from '@aws-sdk/client-cloudformation';
import { LAB_IDS } from '../catalogue';
import { KIT_NAME } from '../lab-module';
import { removeCommand } from './kinds';
import type { ExpectedResource, Leftover, RegionClients } from './types';

/** Name of the stack `cdk bootstrap` creates. */
export const BOOTSTRAP_STACK = 'CDKToolkit';
/**
 * The network stack the EC2 labs share (lib/network/lab-network-stack.ts LAB_NETWORK_STACK_ID,
 * which loads aws-cdk-lib: a test holds the two equal).
 */
export const NETWORK_STACK = 'LabNetwork';

/** Whether a stack is one of the kit's labs: by its id, or by the kit's description for labs renamed or removed since. */
export function isLabStack(stack: Pick<Stack, 'StackName' | 'Description'>): boolean {
  return (LAB_IDS as readonly string[]).includes(stack.StackName ?? '') || (stack.Description ?? '').startsWith(KIT_NAME);
}

export interface StackScan {
  readonly leftovers: Leftover[];
  readonly expected: ExpectedResource[];
  /** Names of the lab stacks found, whatever their state. */
  readonly labStacks: string[];
}

function kept(stack: Stack, region: string): ExpectedResource | undefined {
  const name = stack.StackName ?? '';
  if (name === BOOTSTRAP_STACK) {
    return {
      kind: 'CDK bootstrap stack',
      id: name,
      region,
      note: 'made by `npx cdk bootstrap`, which every deploy needs; it costs nothing while idle but the few KB its staging bucket holds. Keep it while you do labs.',
      removeCommand:
        `aws cloudformation delete-stack --region ${region} --stack-name ${name} ` +
        `(its S3 bucket cdk-hnb659fds-assets-<account>-${region} is retained: empty it, versions included, and delete it in the S3 console)`,
    };
  }
  if (name === NETWORK_STACK && stack.StackStatus !== 'DELETE_FAILED') {
    return {
      kind: 'shared network stack',
      id: name,
      region,
      note: 'kept on purpose, free (a VPC with public subnets, no NAT gateway): the EC2 labs share it.',
      removeCommand: `npx cdk destroy ${NETWORK_STACK} (after the EC2 labs)`,
    };
  }
  return undefined;
}

/** Lab stacks and the stacks kept on purpose, in one region. */
export async function findStacks(region: string, clients: Pick<RegionClients, 'cloudformation'>): Promise<StackScan> {
  const scan: StackScan = { leftovers: [], expected: [], labStacks: [] };
  for await (const page of paginateDescribeStacks({ client: clients.cloudformation }, {})) {
    for (const stack of page.Stacks ?? []) {
      const name = stack.StackName ?? '';
      const expected = kept(stack, region);
      if (expected) {
        scan.expected.push(expected);
        continue;
      }
      if (!isLabStack(stack) && name !== NETWORK_STACK) continue;
      scan.labStacks.push(name);
      const status = stack.StackStatus ?? 'UNKNOWN';
      const remove = removeCommand('cloudformation:stack', name, region);
      scan.leftovers.push({
        kind: 'CloudFormation stack',
        id: name,
        region,
        since: stack.CreationTime?.toISOString(),
        // The stack itself is free; what it still holds is listed on its own lines.
        usdPerHour: 0,
        detail: stack.StackStatusReason ? `${status}: ${stack.StackStatusReason}` : status,
        removeCommand:
          status === 'DELETE_FAILED'
            ? `${remove} (after removing what the reason names; --deletion-mode FORCE_DELETE_STACK gives up on those resources and leaves them in the account)`
            : `npx cdk destroy ${name}  or  ${remove}`,
        foundBy: 'stack',
      });
    }
  }
  return scan;
}
