import type { CheckClients } from '../../../lib/check/clients';
import { checkLabEc2Apache } from '../../../lib/labs/lab-ec2-apache/check';
import { meta } from '../../../lib/labs/lab-ec2-apache/meta';
import { expectDeclaredChecks } from '../../helpers/check-titles';
import {
  al2023AmiId,
  closedPort,
  createNetwork,
  createSecurityGroup,
  deployLabStack,
  describeInstance,
  destroyClients,
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
    ]);
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
    const page = (await checkLabEc2Apache(ctx)).find((r) => r.id === 'apache.page')!;
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(page.status).toBe('fail');
    expect(page.hint).toContain('ECONNREFUSED');
    expect(progress[0]).toMatch(/^waiting for Apache on .* \(up to 2 s\)$/);
  });

  it('fails a page that is not the lab page', async () => {
    const server = await startHelloServer(['x'], 403);
    servers.push(server);
    const page = (await checkLabEc2Apache(await deployLab(server.port))).find((r) => r.id === 'apache.page')!;
    expect(page).toMatchObject({ status: 'fail' });
    expect(page.hint).toMatch(/^HTTP 403/);
  });
});
