import type { StackProps } from 'aws-cdk-lib';
import type { IVpc } from 'aws-cdk-lib/aws-ec2';
import type { Ec2Settings } from '../settings';

/** Props of every EC2 lab stack. */
export interface Ec2LabProps extends StackProps {
  readonly settings: Ec2Settings;
  /** The shared lab network's VPC (lib/network/): the lab's instances go in its public subnets. */
  readonly vpc: IVpc;
}
