/** Reading ARNs and turning a resource into the AWS CLI command that removes it. */

export interface ParsedArn {
  readonly service: string;
  readonly region: string;
  /** The part after the account, e.g. `instance/i-0abc` or `log-group:/aws/lambda/X`. */
  readonly resource: string;
}

export function parseArn(arn: string): ParsedArn {
  const parts = arn.split(':');
  return { service: parts[2] ?? '', region: parts[3] ?? '', resource: parts.slice(5).join(':') };
}

/**
 * A key that is the same for one resource whichever scan found it:
 * `ec2:instance/i-0abc`, `logs:log-group:/aws/lambda/X`, `ssm:parameter/ec2/keypair/key-1`.
 */
export function resourceKey(service: string, resource: string): string {
  return `${service}:${resource.replace(/:\*$/, '')}`;
}

/** Id and kind of the resource an ARN names, as people and the CLI call it. */
export function describeArn(arn: string): { kind: string; id: string } {
  const { service, resource } = parseArn(arn);
  // `instance/i-0abc`, `secret:name-AbCd`, `parameter/ec2/keypair/key-1`
  const type = resource.split(/[:/]/)[0];
  const tail = resource.slice(type.length + 1);
  const rest = tail.split('/');
  switch (`${service}:${type}`) {
    case 'ec2:instance': return { kind: 'EC2 instance', id: tail };
    case 'ec2:volume': return { kind: 'EBS volume', id: tail };
    case 'ec2:elastic-ip': return { kind: 'Elastic IP', id: tail };
    case 'ec2:natgateway': return { kind: 'NAT gateway', id: tail };
    case 'ec2:key-pair': return { kind: 'key pair', id: tail };
    case 'ec2:security-group': return { kind: 'security group', id: tail };
    case 'ec2:vpc': return { kind: 'VPC', id: tail };
    case 'ec2:subnet': return { kind: 'subnet', id: tail };
    case 'ec2:internet-gateway': return { kind: 'internet gateway', id: tail };
    case 'ec2:route-table': return { kind: 'route table', id: tail };
    case 'ec2:launch-template': return { kind: 'launch template', id: tail };
    case 'ec2:network-interface': return { kind: 'network interface', id: tail };
    case 'elasticloadbalancing:loadbalancer': return { kind: 'load balancer', id: arn };
    case 'elasticloadbalancing:targetgroup': return { kind: 'target group', id: arn };
    case 'elasticloadbalancing:listener': return { kind: 'listener', id: arn };
    case 'secretsmanager:secret': return { kind: 'Secrets Manager secret', id: arn };
    case 'ssm:parameter': return { kind: 'SSM parameter', id: `/${tail}` };
    case 'lambda:function': return { kind: 'Lambda function', id: resource.split(':')[1] ?? resource };
    case 'iam:user': return { kind: 'IAM user', id: rest[rest.length - 1] };
    case 'iam:role': return { kind: 'IAM role', id: rest[rest.length - 1] };
    default:
      if (service === 'logs' && resource.startsWith('log-group:')) return { kind: 'log group', id: resource.slice('log-group:'.length).replace(/:\*$/, '') };
      if (service === 'lambda' && resource.startsWith('function:')) return { kind: 'Lambda function', id: resource.split(':')[1] };
      return { kind: `${service} ${type}`, id: arn };
  }
}

/** The AWS CLI command that removes a resource of a given kind. */
export function removeCommandFor(kind: string, id: string, region: string): string {
  const r = `--region ${region}`;
  switch (kind) {
    case 'EC2 instance': return `aws ec2 terminate-instances ${r} --instance-ids ${id}`;
    case 'EBS volume': return `aws ec2 delete-volume ${r} --volume-id ${id}`;
    case 'Elastic IP': return `aws ec2 release-address ${r} --allocation-id ${id}`;
    case 'NAT gateway': return `aws ec2 delete-nat-gateway ${r} --nat-gateway-id ${id}`;
    case 'key pair': return `aws ec2 delete-key-pair ${r} --key-pair-id ${id}`;
    case 'security group': return `aws ec2 delete-security-group ${r} --group-id ${id}`;
    case 'VPC': return `aws ec2 delete-vpc ${r} --vpc-id ${id}`;
    case 'subnet': return `aws ec2 delete-subnet ${r} --subnet-id ${id}`;
    case 'internet gateway': return `aws ec2 delete-internet-gateway ${r} --internet-gateway-id ${id} (detach it first: aws ec2 detach-internet-gateway)`;
    case 'route table': return `aws ec2 delete-route-table ${r} --route-table-id ${id}`;
    case 'launch template': return `aws ec2 delete-launch-template ${r} --launch-template-id ${id}`;
    case 'network interface': return `aws ec2 delete-network-interface ${r} --network-interface-id ${id}`;
    case 'load balancer': return `aws elbv2 delete-load-balancer ${r} --load-balancer-arn ${id}`;
    case 'target group': return `aws elbv2 delete-target-group ${r} --target-group-arn ${id}`;
    case 'listener': return `aws elbv2 delete-listener ${r} --listener-arn ${id}`;
    case 'Secrets Manager secret': return `aws secretsmanager delete-secret ${r} --secret-id ${id} --force-delete-without-recovery`;
    case 'SSM parameter': return `aws ssm delete-parameter ${r} --name ${id}`;
    case 'Lambda function': return `aws lambda delete-function ${r} --function-name ${id}`;
    case 'log group': return `aws logs delete-log-group ${r} --log-group-name ${id}`;
    case 'CloudFormation stack': return `aws cloudformation delete-stack ${r} --stack-name ${id}`;
    case 'IAM role': return `aws iam delete-role --role-name ${id} (detach its policies first)`;
    default: return `remove it in the console (no command known for ${kind}): ${id}`;
  }
}
