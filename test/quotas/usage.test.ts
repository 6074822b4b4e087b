/**
 * readQuotaUsage and renderQuotaReport against moto over the wire: the kit's resources
 * (tagged Project=aws-dva-labs) told apart from the learner's own, the limit from Service
 * Quotas where it answers (moto answers the VPC quotas) and AWS's default where it does not
 * (moto has no EC2 quotas), and what is printed when a quota is near or at its limit.
 */
import {
  AllocateAddressCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  EC2Client,
  RunInstancesCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { GetServiceQuotaCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { quotaStatus, readQuotaUsage, renderQuotaReport, type QuotaUsage } from '../../lib/quotas';
import { buildLabApp } from '../helpers/lab-app';
import { describeWithMoto, motoClientConfig, resetMoto } from '../moto/moto';

const REGION = 'us-east-1';
// LabNetwork's tags as the stack really writes them (its resources carry no Lab tag: it is no lab),
// synthesized when a test first needs them (not where moto is missing and the tests skip).
let network: Template | undefined;
const networkTags = (type: string) => {
  network ??= Template.fromStack(buildLabApp({ only: ['LabEc2'] }).network!);
  const [resource] = Object.values(network.findResources(type)) as { Properties: { Tags: { Key: string; Value: string }[] } }[];
  return resource.Properties.Tags;
};
const KIT_TAGS = (lab: string) => [
  { Key: 'Project', Value: 'aws-dva-labs' },
  { Key: 'Lab', Value: lab },
];
const byId = (usages: readonly QuotaUsage[], id: QuotaUsage['quota']['id']) => usages.find((u) => u.quota.id === id)!;

describeWithMoto('readQuotaUsage (moto)', () => {
  let ec2: EC2Client;
  let serviceQuotas: ServiceQuotasClient;
  beforeEach(async () => {
    await resetMoto();
    ec2 = new EC2Client(motoClientConfig(REGION));
    serviceQuotas = new ServiceQuotasClient(motoClientConfig(REGION));
  });
  afterEach(() => {
    ec2.destroy();
    serviceQuotas.destroy();
  });

  /**
   * An Amazon Linux 2023 image moto knows, looked up by name: all of Amazon's images in one
   * answer take moto a second or two to list. Its id survives resets (moto's built-in images).
   */
  let imageId: string | undefined;
  async function al2023ImageId(): Promise<string> {
    if (!imageId) {
      const { Images } = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023.*-x86_64'] }] }));
      imageId = Images![0].ImageId!;
    }
    return imageId;
  }

  /** LabNetwork as deployed (one VPC, one gateway, tagged) and `count` t3.micro lab instances in it. */
  async function deployKit(count: number, options: { elasticIp?: boolean } = {}) {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: networkTags('AWS::EC2::VPC') }] }));
    const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: [{ ResourceType: 'internet-gateway', Tags: networkTags('AWS::EC2::InternetGateway') }] }));
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: InternetGateway!.InternetGatewayId, VpcId: Vpc!.VpcId }));
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId, CidrBlock: '10.0.0.0/24' }));
    if (count > 0) {
      await ec2.send(
        new RunInstancesCommand({
          ImageId: await al2023ImageId(),
          InstanceType: 't3.micro',
          MinCount: count,
          MaxCount: count,
          SubnetId: Subnet!.SubnetId,
          TagSpecifications: [{ ResourceType: 'instance', Tags: KIT_TAGS('LabAlb') }],
        }),
      );
    }
    if (options.elasticIp) {
      await ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: KIT_TAGS('LabElasticIp') }] }));
    }
    return Vpc!.VpcId!;
  }

  it("counts the default VPC as the learner's and LabNetwork's VPC as the kit's, with the account's limit from Service Quotas", async () => {
    const kitVpc = await deployKit(0);
    const usages = await readQuotaUsage({ ec2, serviceQuotas });
    const vpcs = byId(usages, 'vpcs');
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({}));
    expect(vpcs).toMatchObject({ used: Vpcs!.length, limit: 5, limitSource: 'account' });
    expect(vpcs.users.filter((u) => u.kit).map((u) => u.description)).toEqual([`${kitVpc} (LabNetwork/Network/Vpc)`]);
    expect(vpcs.users.filter((u) => !u.kit).map((u) => u.description)).toEqual([expect.stringMatching(/^vpc-\w+ \(default VPC\)$/)]);
    expect(byId(usages, 'internetGateways')).toMatchObject({ limitSource: 'account', limit: 5 });
    expect(byId(usages, 'internetGateways').users.filter((u) => u.kit)).toHaveLength(1);
  });

  it("falls back to AWS's default where Service Quotas does not answer, and says why", async () => {
    await deployKit(1, { elasticIp: true });
    const usages = await readQuotaUsage({ ec2, serviceQuotas });
    for (const id of ['elasticIps', 'standardVcpus'] as const) {
      expect(byId(usages, id)).toMatchObject({ limit: 5, limitSource: 'aws-default', limitNote: expect.stringMatching(/Service Quotas did not answer/) });
    }
    expect(byId(usages, 'elasticIps')).toMatchObject({ used: 1, users: [expect.objectContaining({ kit: true, description: expect.stringMatching(/^[\d.]+ \(LabElasticIp\), not associated: bills anyway$/) })] });
    expect(byId(usages, 'standardVcpus')).toMatchObject({ used: 2, users: [expect.objectContaining({ kit: true, amount: 2, description: expect.stringMatching(/t3\.micro, 2 vCPUs \(LabAlb\)$/) })] });
  });

  it('reports ok with room, near with less room than the biggest lab needs, full at the limit; and lists who uses a quota that is near or full', async () => {
    await deployKit(2);
    let usages = await readQuotaUsage({ ec2, serviceQuotas });
    expect(quotaStatus(byId(usages, 'standardVcpus'))).toBe('near'); // 4 of 5: LabAlb's 4 vCPUs would not fit
    expect(quotaStatus(byId(usages, 'vpcs'))).toBe('ok');
    const text = renderQuotaReport(usages, REGION).join('\n');
    expect(text).toMatch(/NEAR {2}Running On-Demand Standard \(A, C, D, H, I, M, R, T, Z\) instances: 4 of 5 vCPUs \(AWS default; Service Quotas did not answer/);
    expect(text).toMatch(/the kit's: 4, others: 0/);
    expect(text).toMatch(/kit's {2}i-\w+ t3\.micro, 2 vCPUs \(LabAlb\)/);
    expect(text).toContain('aws service-quotas request-service-quota-increase --region us-east-1 --service-code ec2 --quota-code L-1216C47A --desired-value 10');
    expect(text).toMatch(/OK {4}VPCs per Region: 2 of 5 VPCs; the kit's: 1, others: 1/);
    expect(text).not.toMatch(/default VPC/); // an ok quota is one line

    await deployKit(1);
    usages = await readQuotaUsage({ ec2, serviceQuotas });
    expect(quotaStatus(byId(usages, 'standardVcpus'))).toBe('full'); // 6 of 5
    expect(renderQuotaReport(usages, REGION).join('\n')).toMatch(/FULL {2}Running On-Demand[^\n]*6 of 5[\s\S]*No room left: remove what you no longer use/);
  });
});

describe('readQuotaUsage when AWS refuses (what moto cannot produce)', () => {
  it('reports a quota whose usage cannot be read with the reason, and still reads the others', async () => {
    const ec2 = new EC2Client({ region: REGION });
    const serviceQuotas = new ServiceQuotasClient({ region: REGION });
    const ec2Mock = mockClient(ec2);
    const quotasMock = mockClient(serviceQuotas);
    const denied = Object.assign(new Error('You are not authorized to perform this operation.'), { name: 'UnauthorizedOperation' });
    ec2Mock.rejects(denied);
    ec2Mock.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-1', IsDefault: true }] });
    quotasMock.on(GetServiceQuotaCommand).rejects(Object.assign(new Error('no'), { name: 'AccessDeniedException' }));
    const usages = await readQuotaUsage({ ec2, serviceQuotas });
    expect(byId(usages, 'vpcs')).toMatchObject({ used: 1, limit: 5, limitSource: 'aws-default', limitNote: expect.stringMatching(/AccessDeniedException/) });
    expect(byId(usages, 'elasticIps')).toMatchObject({ error: expect.stringMatching(/^UnauthorizedOperation/) });
    expect(byId(usages, 'elasticIps').used).toBeUndefined();
    expect(quotaStatus(byId(usages, 'elasticIps'))).toBe('unknown');
    expect(renderQuotaReport(usages, REGION).join('\n')).toMatch(/\?\? {4}EC2-VPC Elastic IPs: could not read the usage \(UnauthorizedOperation/);
  });
});
