import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Annotations, Aws, CfnOutput, CfnParameter, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { LabInstance, readUserDataScript } from '../../constructs/lab-instance';
import { addAccessOutputs, allowSshFrom, createLabKeyPair } from '../../constructs/lab-access';
import { SettingsError } from '../../settings';
import type { Ec2LabProps } from '../ec2-lab-props';
import { burstFacts, creditsPerHour, maxCreditBalance } from './credits';
import { BURN_MINUTES, BURN_UNIT, INSTANCE_NAME } from './meta';
import { OUTPUTS } from './outputs';

/** The id of the warning LabBurstable gives at synth when instanceType is not burstable. */
export const NOT_BURSTABLE_WARNING = 'aws-dva-labs:instanceTypeNotBurstable';

/** The burstable families, as a parameter pattern. */
export const BURSTABLE_TYPE_PATTERN = '^(t2|t3|t3a|t4g)\\.[a-z0-9]+$';

/**
 * Notes: "Burstable Instances (T2)", "T2 Unlimited". A T instance with standard CPU
 * credits (or unlimited with `-c creditMode=unlimited`) and a systemd unit that keeps
 * every vCPU busy on demand, so the learner watches CPUCreditBalance fall and the CPU
 * settle at its baseline, or, in unlimited mode, surplus credits pile up and bill.
 */
export class LabBurstableStack extends Stack {
  readonly instance: ec2.Instance;

  constructor(scope: Construct, id: string, props: Ec2LabProps) {
    super(scope, id, props);
    const { vpc, settings } = props;
    const facts = burstFacts(settings.instanceType);
    if (!settings.burstable || !facts) this.refuseToDeploy(settings.instanceType);

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'Burstable lab: SSH from your network only, nothing else in',
      allowAllOutbound: true,
    });
    allowSshFrom(securityGroup, settings.sshCidr);

    const keyPair = createLabKeyPair(this, settings.keyFormat);
    const { instance } = new LabInstance(this, 'Burstable', {
      vpc,
      instanceType: settings.instanceType,
      securityGroup,
      keyPair,
      name: INSTANCE_NAME,
      cpuCredits: settings.creditMode === 'unlimited' ? ec2.CpuCredits.UNLIMITED : ec2.CpuCredits.STANDARD,
      userDataScript: readUserDataScript('cpu-burn.sh'),
    });
    this.instance = instance;

    new CfnOutput(this, OUTPUTS.instanceId, { value: instance.instanceId });
    new CfnOutput(this, OUTPUTS.creditMode, {
      description: 'standard: the CPU drops to the baseline when the credits run out; unlimited: it keeps going and the surplus bills',
      value: settings.creditMode,
    });
    if (facts) {
      new CfnOutput(this, OUTPUTS.baseline, {
        description: 'One credit is one vCPU at 100% for a minute',
        value:
          `${facts.baselinePercent}% per vCPU x ${facts.vcpus} vCPUs: earns ${creditsPerHour(facts)} credits an hour, ` +
          `holds at most ${maxCreditBalance(facts)}` +
          (settings.instanceType.startsWith('t2.') ? '' : '; starts at 0 (T3, T3a and T4g get no launch credits)'),
      });
    }
    const sendCommand = (action: 'start' | 'stop') =>
      `aws ssm send-command --region ${Aws.REGION} --instance-ids ${instance.instanceId} --document-name AWS-RunShellScript ` +
      `--comment "LabBurstable: ${action} ${BURN_UNIT}" --parameters 'commands=["systemctl ${action} ${BURN_UNIT}"]' ` +
      '--query Command.CommandId --output text';
    new CfnOutput(this, OUTPUTS.startBurnCommand, {
      description: `Keeps every vCPU busy for ${BURN_MINUTES} minutes (then it stops by itself); watch with npm run check -- LabBurstable`,
      value: sendCommand('start'),
    });
    new CfnOutput(this, OUTPUTS.stopBurnCommand, { description: 'Stops the CPU burn early', value: sendCommand('stop') });
    addAccessOutputs(this, { instance, keyPair, sshCidr: settings.sshCidr, keyFile: 'lab-burstable.pem' });
  }

  /**
   * A type that is not burstable has no credits to watch. An error at synth would stop
   * every lab of the app (the CLI synthesizes them all), so: a warning at synth, and a
   * parameter whose default breaks its own pattern, so CloudFormation refuses
   * `cdk deploy LabBurstable` before it creates anything, with the same words.
   */
  private refuseToDeploy(instanceType: string): void {
    const refusal = new SettingsError('instanceType', instanceType, 'for LabBurstable, a burstable type: t2, t3, t3a or t4g', 't3.micro', {
      why: `${instanceType} has no CPU credits, and CPU credits are what LabBurstable is about (the other labs take any type)`,
    });
    Annotations.of(this).addWarningV2(NOT_BURSTABLE_WARNING, `${refusal.message}\n  Deploying LabBurstable will be refused before anything is created.`);
    new CfnParameter(this, 'BurstableInstanceType', {
      type: 'String',
      default: instanceType,
      allowedPattern: BURSTABLE_TYPE_PATTERN,
      description: 'The instanceType setting; LabBurstable needs a burstable (T) type',
      constraintDescription: `LabBurstable needs a burstable instanceType (t2, t3, t3a or t4g): deploy it with npx cdk deploy ${this.stackName} -c instanceType=t3.micro`,
    });
  }
}
