import { DescribeImagesCommand, EC2Client, type Image } from '@aws-sdk/client-ec2';
import { withProgress, type LabCheckContext } from '../../check/context';
import { helloWorldHost } from '../../check/http';
import { checkInstanceRunning, describeInstance } from '../../check/instances';
import { Checklist, type CheckResult } from '../../check/result';
import { getPageUntil, pageHint } from '../../check/web-page';
import { BOOT_GRACE_MS } from '../lab-ec2-apache/check';
import { OUTPUTS } from './outputs';

/** The region the AMI is looked for in, to show it is not there: a region every account has. */
export function anotherRegion(region: string): string {
  return region === 'us-east-1' ? 'us-west-2' : 'us-east-1';
}

/** The same client settings (credentials, endpoint) for another region. */
async function ec2ClientIn(client: EC2Client, region: string): Promise<EC2Client> {
  const config = client.config;
  const endpoint = config.isCustomEndpoint && config.endpoint ? await config.endpoint() : undefined;
  return new EC2Client({
    region,
    credentials: config.credentials,
    maxAttempts: await config.maxAttempts(),
    ...(endpoint ? { endpoint: `${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}${endpoint.path}` } : {}),
  });
}

/** The image by id in this client's region, or undefined when EC2 there does not know it. */
async function describeImage(ec2: EC2Client, imageId: string): Promise<Image | undefined> {
  try {
    return ((await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }))).Images ?? []).find((i) => i.ImageId === imageId);
  } catch (error) {
    if (error instanceof Error && ['InvalidAMIID.NotFound', 'InvalidAMIID.Unavailable'].includes(error.name)) return undefined;
    throw error;
  }
}

/**
 * LabAmi: the AMI is the learner's and available; the instance launched from it runs it and
 * serves the page with no installation at boot; the AMI does not exist in another region.
 */
export async function checkLabAmi(ctx: LabCheckContext): Promise<readonly CheckResult[]> {
  const list = new Checklist();
  const { stack, clients } = ctx;
  const imageId = stack.outputs[OUTPUTS.imageId];
  const instanceId = stack.outputs[OUTPUTS.instanceId];
  const url = stack.outputs[OUTPUTS.url];
  if (!imageId || !instanceId || !url) {
    list.fail('ami.outputs', `stack outputs ${OUTPUTS.imageId}, ${OUTPUTS.instanceId} and ${OUTPUTS.url}`, `redeploy with npx cdk deploy ${stack.name}`);
    return list.results;
  }

  const image = await describeImage(clients.ec2, imageId);
  const ownedTitle = `AMI ${imageId} is yours and available`;
  if (!image) {
    list.fail('ami.owned', ownedTitle, `EC2 does not know ${imageId} in ${stack.region} (deregistered by hand?): redeploy with npx cdk destroy ${stack.name} && npx cdk deploy ${stack.name}`);
  } else {
    const ours = image.OwnerId === stack.accountId;
    const available = image.State === 'available';
    list.expect(
      ours && available,
      'ami.owned',
      ownedTitle,
      `${image.Name ?? '?'}, owner ${image.OwnerId ?? '?'}, ${image.State ?? '?'}`,
      !ours
        ? `the AMI belongs to account ${image.OwnerId ?? '?'}, not to ${stack.accountId}: the stack's ImageId output is not the image the lab made; redeploy with npx cdk deploy ${stack.name}`
        : `the AMI is ${image.State ?? 'in an unknown state'}: wait a minute and check again, or redeploy`,
    );
  }

  const instance = await checkInstanceRunning(list, clients.ec2, ctx.wait, instanceId, stack.name);
  const launchedTitle = `instance ${instanceId} runs AMI ${imageId}`;
  if (!instance) list.skip('ami.launched', launchedTitle, 'EC2 does not know the instance');
  else {
    list.expect(
      instance.ImageId === imageId,
      'ami.launched',
      launchedTitle,
      instance.ImageId,
      `the instance runs ${instance.ImageId ?? 'an unknown image'}: redeploy with npx cdk deploy ${stack.name}`,
    );
  }

  const pageTitle = `GET ${url} returns 200 "Hello World from <host name>" with no installation at boot`;
  if (instance?.State?.Name !== 'running') list.skip('ami.page', pageTitle, 'the instance is not running');
  else {
    const booting = instance.LaunchTime !== undefined && Date.now() - instance.LaunchTime.getTime() < BOOT_GRACE_MS;
    const deadline = booting ? Date.now() + ctx.wait.maxWaitSeconds * 1000 : Date.now();
    const outcome = booting
      ? await withProgress(ctx.wait, `Apache on ${url} (the instance is still booting)`, () => getPageUntil(url, ctx.http.timeoutMs, deadline, ctx.http.resolve))
      : await getPageUntil(url, ctx.http.timeoutMs, deadline, ctx.http.resolve);
    const host = outcome.ok && outcome.status === 200 ? helloWorldHost(outcome.body) : undefined;
    // The page was written on the builder: its host name in the page shows it came with the image.
    const builderId = stack.outputs[OUTPUTS.builderInstanceId];
    const builder = host && builderId ? await describeInstance(clients.ec2, builderId) : undefined;
    const fromBuilder = builder?.PrivateDnsName && host?.startsWith(builder.PrivateDnsName.split('.')[0]);
    list.expect(
      host !== undefined,
      'ami.page',
      pageTitle,
      host ? `from ${host}${fromBuilder ? ": the builder's name, written before the image was made" : ''}` : undefined,
      pageHint(outcome, stack.name),
    );
  }

  const elsewhere = anotherRegion(stack.region);
  const regionTitle = `AMI ${imageId} not found in ${elsewhere} (an AMI belongs to one region)`;
  const other = await ec2ClientIn(clients.ec2, elsewhere);
  try {
    const found = await describeImage(other, imageId);
    list.expect(
      found === undefined,
      'ami.region',
      regionTitle,
      found ? `${elsewhere} has ${imageId} (${found.Name ?? '?'}, owner ${found.OwnerId ?? '?'})` : `only in ${stack.region}; aws ec2 copy-image would make a new id in ${elsewhere}`,
      `${imageId} exists in ${elsewhere} too: the stack's ImageId output is not the image the lab made; redeploy with npx cdk deploy ${stack.name}`,
    );
  } catch (error) {
    list.skip('ami.region', regionTitle, `could not ask ${elsewhere}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    other.destroy();
  }
  return list.results;
}
