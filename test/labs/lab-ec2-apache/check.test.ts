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
  SHORT_WAIT,
  startHelloServer,
  templateWhenNeeded,
  tcpFromCidr,
} from '../../helpers/lab-state';
import { describeWithMoto, resetMoto } from '../../moto/moto';

/** LabEc2Apache as `cdk synth` writes it: its outputs become the fixture. */
const template = templateWhenNeeded('LabEc2Apache');

describeWithMoto('check LabEc2Apache (moto + local HTTP)', () => {
  const failing = failingCases(meta);
  let clients: CheckClients;
  const servers: { close: () => Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  /** The lab through the APIs, in a moto with nothing else. */
  async function deployLab() {
    await resetMoto();
    clients = motoCheckClients();
    const network = await createNetwork(clients.ec2);
    const groupId = await createSecurityGroup(clients.ec2, network.vpcId, 'apache', [tcpFromCidr(80, '0.0.0.0/0')]);
    const instanceId = await runLabInstance(clients.ec2, {
      subnetId: network.subnetIds[0],
      securityGroupIds: [groupId],
      imageId: await al2023AmiId(clients.ssm, template()),
    });
    const instance = await describeInstance(clients.ec2, instanceId);
    const dnsName = instance.PublicDnsName!;
    expect(dnsName).toMatch(/\./);
    await deployLabStack(clients.cloudFormation, 'LabEc2Apache', template(), [
      { type: 'AWS::EC2::Instance', ref: instanceId, attributes: { PublicDnsName: dnsName, PublicIp: instance.PublicIpAddress! } },
      await labKeyPair(clients, 'LabEc2ApacheKeyPair'),
    ], instanceSections(template()));
    return { dnsName };
  }

  /**
   * The check's context. The lab's Url output is http://<the instance's public DNS name>, as the
   * template says; the test sends that name to `pagePort` on 127.0.0.1 (curl --resolve).
   */
  function pageContext(lab: { dnsName: string }, pagePort: number, progress: string[] = [], wait: Parameters<typeof labContext>[4] = {}) {
    return labContext(clients, 'LabEc2Apache', { resolve: { [lab.dnsName]: `127.0.0.1:${pagePort}` } }, progress, wait);
  }

  // These tests change nothing in the account: one deployed lab, a different page each time.
  describe('on the lab as deployed, its instance just launched', () => {
    let lab: { dnsName: string };
    beforeAll(async () => {
      lab = await deployLab();
    });
    afterAll(() => destroyClients(clients));

    it('passes when the page answers', async () => {
      const server = await startHelloServer(['ip-10-0-0-12.eu-west-1.compute.internal']);
      servers.push(server);
      const results = await checkLabEc2Apache(await pageContext(lab, server.port));
      expectDeclaredChecks(results, meta);
      expect(results.find((r) => r.id === 'apache.page')).toMatchObject({ status: 'pass', detail: 'from ip-10-0-0-12.eu-west-1.compute.internal' });
    });

    // The instance is still booting, so the check waits for Apache: here for a bound of 0.3 s.
    it('fails a closed port after waiting, with progress, within the bound', async () => {
      const progress: string[] = [];
      const ctx = await pageContext(lab, await closedPort(), progress, SHORT_WAIT);
      const started = Date.now();
      const page = failing.expectFails(await checkLabEc2Apache(ctx), 'apache.page');
      const elapsed = Date.now() - started;
      // Waited the bound, and not much longer (between two GETs the check pauses up to 3 s).
      expect(elapsed).toBeGreaterThanOrEqual(SHORT_WAIT.maxWaitSeconds * 1000);
      expect(elapsed).toBeLessThan(SHORT_WAIT.maxWaitSeconds * 1000 + 2_000);
      expect(page.hint).toContain('ECONNREFUSED');
      expect(progress[0]).toMatch(/^waiting for Apache on .* \(up to 0\.3 s\)$/);
    });

    it('fails a page that is not the lab page, asking again until the bound', async () => {
      const server = await startHelloServer(['x'], 403);
      servers.push(server);
      const page = failing.expectFails(await checkLabEc2Apache(await pageContext(lab, server.port, [], SHORT_WAIT)), 'apache.page');
      expect(page.hint).toMatch(/^HTTP 403/);
      expect(server.requests()).toBeGreaterThanOrEqual(2);
    });

    // moto always answers "standard": only that call is mocked.
    it('fails unlimited CPU credits on a lab deployed with standard', async () => {
      const server = await startHelloServer(['ip-10-0-0-12.eu-west-1.compute.internal']);
      servers.push(server);
      const ctx = await pageContext(lab, server.port);
      const instanceId = ctx.stack.outputs.InstanceId;
      const mock = partialMock(clients.ec2, [DescribeInstancesCommand]);
      mock.on(DescribeInstanceCreditSpecificationsCommand).resolves({ InstanceCreditSpecifications: [{ InstanceId: instanceId, CpuCredits: 'unlimited' }] });
      try {
        expect(failing.expectFails(await checkLabEc2Apache(ctx), 'instance.cpu-credits').detail).toBe(`${instanceId} unlimited`);
      } finally {
        mock.restore();
      }
    });
  });

  describe('on a lab changed after deploy', () => {
    afterEach(() => destroyClients(clients));

    it('fails an instance that was terminated, and skips the page', async () => {
      const ctx = await pageContext(await deployLab(), await closedPort());
      const instanceId = ctx.stack.outputs.InstanceId;
      expect(instanceId).toMatch(/^i-/);
      await clients.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
      const results = await checkLabEc2Apache(ctx);
      expect(failing.expectFails(results, 'instance.running').hint).toBe('the instance is terminated: redeploy with npx cdk deploy LabEc2Apache');
      expect(results.find((r) => r.id === 'apache.page')).toMatchObject({ status: 'skip', hint: 'the instance is not running' });
    });
  });

  it('every check of meta.checks failed in a test above', () => {
    expect(failing.neverFailed()).toEqual([]);
  });
});
