import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Aws, CfnOutput, Stack, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeControl } from '../../compliance/controls';
import { LabInstance } from '../../constructs/lab-instance';
import { addAccessOutputs, allowSshFrom, createLabKeyPair } from '../../constructs/lab-access';
import { instanceHourPrice, PRICES } from '../../pricing/prices';
import type { Ec2LabProps } from '../ec2-lab-props';
import { INSTANCE_NAME } from './meta';
import { OUTPUTS } from './outputs';

/**
 * Notes: "EC2 Instance Launch Types", "Spot Instances". The first instance again
 * (AL2023, IMDSv2, encrypted gp3, standard credits), bought on the spot market.
 *
 * AWS::EC2::Instance has no spot property: the instance launches from a launch
 * template that carries only the market options. The request is one-time, so when
 * the instance terminates (cdk destroy, or AWS reclaiming it) the request closes and
 * nothing relaunches it. No maximum price: since the 2017 pricing change nobody bids;
 * you pay the current spot price, and a maximum only adds interruptions.
 */
export class LabSpotStack extends Stack {
  /** The launch template that buys the instance on the spot market. */
  readonly launchTemplate: ec2.LaunchTemplate;
  readonly instance: ec2.Instance;

  constructor(scope: Construct, id: string, props: Ec2LabProps) {
    super(scope, id, props);
    const { vpc } = props;

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'Spot lab: SSH from your network only, nothing else in',
      allowAllOutbound: true,
    });
    allowSshFrom(securityGroup, props.settings.sshCidr);

    this.launchTemplate = new ec2.LaunchTemplate(this, 'SpotLaunchTemplate', {
      // The instance sets these itself and its values win; the template says the same, so
      // that nothing launched from it could ever allow IMDSv1.
      httpTokens: ec2.LaunchTemplateHttpTokens.REQUIRED,
      httpEndpoint: true,
      httpPutResponseHopLimit: 1,
      spotOptions: {
        requestType: ec2.SpotRequestType.ONE_TIME,
        interruptionBehavior: ec2.SpotInstanceInterruption.TERMINATE,
        // No maxPrice: you pay the current spot price, capped at on-demand.
      },
    });
    // The template tags what it launches: the same Name as the instance's own tag.
    Tags.of(this.launchTemplate).add('Name', INSTANCE_NAME);
    // The template only buys on the spot market; the instance sets everything else.
    acknowledgeControl(this.launchTemplate, 'CT.EC2.PR.10');

    const keyPair = createLabKeyPair(this, props.settings.keyFormat);
    const { instance } = new LabInstance(this, 'Spot', {
      vpc,
      instanceType: props.settings.instanceType,
      securityGroup,
      keyPair,
      name: INSTANCE_NAME,
      launchTemplate: this.launchTemplate,
    });
    this.instance = instance;

    new CfnOutput(this, OUTPUTS.instanceId, { value: instance.instanceId });
    new CfnOutput(this, OUTPUTS.launchTemplateId, {
      description: 'The launch template with the spot market options the instance was launched from',
      value: this.launchTemplate.launchTemplateId!,
    });
    const onDemand = instanceHourPrice(props.settings.instanceType);
    new CfnOutput(this, OUTPUTS.spotPriceCommand, {
      description:
        "The spot price now, in US dollars per hour, in the instance's Availability Zone" +
        (onDemand ? ` (on-demand: $${onDemand.usd}/h in ${PRICES.region})` : ''),
      value:
        `aws ec2 describe-spot-price-history --region ${Aws.REGION} --instance-types ${props.settings.instanceType} ` +
        `--availability-zone ${instance.instanceAvailabilityZone} --product-descriptions Linux/UNIX ` +
        `--start-time $(date -u +%Y-%m-%dT%H:%M:%SZ) --query 'SpotPriceHistory[0].SpotPrice' --output text`,
    });
    new CfnOutput(this, OUTPUTS.interruptionNoticeCommand, {
      description:
        'Run on the instance (Session Manager): 404 until AWS reclaims it, then the action and its time, two minutes ahead',
      value:
        'TOKEN=$(curl -s -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 60") && ' +
        'curl -s -w " (HTTP %{http_code})\\n" -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/spot/instance-action',
    });
    addAccessOutputs(this, { instance, keyPair, sshCidr: props.settings.sshCidr, keyFile: 'lab-spot.pem' });
  }
}
