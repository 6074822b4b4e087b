import { DescribeInstanceCreditSpecificationsCommand, DescribeInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import type { CheckClients } from '../../../lib/check/clients';
import { checkLabEc2Apache } from '../../../lib/labs/lab-ec2-apache/check';
import { meta } from '../../../lib/labs/lab-ec2-apache/meta';
import { expectDeclaredChecks } from '../../helpers/check-titles';
import { failingCases, partialMock } from '../../helpers/failing-checks';
import {
  al2023AmiId,
  closedPort,
  createNetwork,
  createSecurityGroup,
  deployLabStack,
  describeInstance,
  destroyClients,
  instanceSections,
  labContext,
  labKeyPair,
  motoCheckClients,
  runLabInstance,
  startHelloServer,
  synthesizedTemplate,
  tcpFromCidr,
} from '../../helpers/lab-state';
import { describeWithMoto, resetMoto } from '../../moto/moto';

/** LabEc2Apache as `cdk synth` writes it: its outputs become the fixture. */
const TEMPLATE = synthesizedTemplate('LabEc2Apache');

describeWithMoto('check LabEc2Apache (moto + local HTTP)', () => {
  const failing = failingCases(meta);
  let clients: CheckClients;
  const servers: { close: () => Promise<void> }[] = [];
  beforeEach(async () => {
    await resetMoto();
    clients = motoCheckClients();
  });
  afterEach(async () => {
    destroyClients(clients);
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  /**
   * The lab through the APIs. Its Url output is http://<the instance's public DNS name>, as the
   * template says; the test sends that name to `pagePort` on 127.0.0.1 (curl --resolve).
   */
  async function deployLab(pagePort: number, progress: string[] = []) {
    const network = await createNetwork(clients.ec2);
    const groupId = await createSecurityGroup(clients.ec2, network.vpcId, 'apache', [tcpFromCidr(80, '0.0.0.0/0')]);
    const instanceId = await runLabInstance(clients.ec2, {
      subnetId: network.subnetIds[0],
      securityGroupIds: [groupId],
      imageId: await al2023AmiId(clients.ssm, TEMPLATE),
    });
    const instance = await describeInstance(clients.ec2, instanceId);
    const dnsName = instance.PublicDnsName!;
    expect(dnsName).toMatch(/\./);
    await deployLabStack(clients.cloudFormation, 'LabEc2Apache', TEMPLATE, [
      { type: 'AWS::EC2::Instance', ref: instanceId, attributes: { PublicDnsName: dnsName, PublicIp: instance.PublicIpAddress! } },
      await labKeyPair(clients, 'LabEc2ApacheKeyPair'),
    ], instanceSections(TEMPLATE));
    return labContext(clients, 'LabEc2Apache', { resolve: { [dnsName]: `127.0.0.1:${pagePort}` } }, progress);
  }

  it('passes when the page answers', async () => {
    const server = await startHelloServer(['ip-10-0-0-12.eu-west-1.compute.internal']);
    servers.push(server);
    const results = await checkLabEc2Apache(await deployLab(server.port));
    expectDeclaredChecks(results, meta);
    expect(results.find((r) => r.id === 'apache.page')).toMatchObject({ status: 'pass', detail: 'from ip-10-0-0-12.eu-west-1.compute.internal' });
  });

  it('fails a closed port after waiting, with progress, within the bound', async () => {
    const port = await closedPort();
    const progress: string[] = [];
    const ctx = await deployLab(port, progress);
    const started = Date.now();
    const page = failing.expectFails(await checkLabEc2Apache(ctx), 'apache.page');
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(page.hint).toContain('ECONNREFUSED');
    expect(progress[0]).toMatch(/^waiting for Apache on .* \(up to 2 s\)$/);
  });

  it('fails a page that is not the lab page', async () => {
    const server = await startHelloServer(['x'], 403);
    servers.push(server);
    const page = failing.expectFails(await checkLabEc2Apache(await deployLab(server.port)), 'apache.page');
    expect(page.hint).toMatch(/^HTTP 403/);
  });

  it('fails an instance that was terminated, and skips the page', async () => {
    const ctx = await deployLab(await closedPort());
    const instanceId = ctx.stack.outputs.InstanceId;
    expect(instanceId).toMatch(/^i-/);
    await clients.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    const results = await checkLabEc2Apache(ctx);
    expect(failing.expectFails(results, 'instance.running').hint).toBe('the instance is terminated: redeploy with npx cdk deploy LabEc2Apache');
    expect(results.find((r) => r.id === 'apache.page')).toMatchObject({ status: 'skip', hint: 'the instance is not running' });
  });

  // moto always answers "standard": only that call is mocked.
  it('fails unlimited CPU credits on a lab deployed with standard', async () => {
    const server = await startHelloServer(['ip-10-0-0-12.eu-west-1.compute.internal']);
    servers.push(server);
    const ctx = await deployLab(server.port);
    const instanceId = ctx.stack.outputs.InstanceId;
    const mock = partialMock(clients.ec2, [DescribeInstancesCommand]);
    mock.on(DescribeInstanceCreditSpecificationsCommand).resolves({ InstanceCreditSpecifications: [{ InstanceId: instanceId, CpuCredits: 'unlimited' }] });
    try {
      expect(failing.expectFails(await checkLabEc2Apache(ctx), 'instance.cpu-credits').detail).toBe(`${instanceId} unlimited`);
    } finally {
      mock.restore();
    }
  });

  it('every check of meta.checks failed in a test above', () => {
    expect(failing.neverFailed()).toEqual([]);
  });
});
