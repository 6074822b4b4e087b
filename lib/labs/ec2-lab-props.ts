import type { StackProps } from 'aws-cdk-lib';
import type { Ec2Settings } from '../settings';

/** Props of every EC2 lab stack. */
export interface Ec2LabProps extends StackProps {
  readonly settings: Ec2Settings;
}
