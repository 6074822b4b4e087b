/**
 * The custom AMI handler over the real wire, against moto (EC2): Create makes a tagged image
 * from the instance and waits for it; Delete leaves nothing (image deregistered, snapshots
 * deleted), however often and whatever was removed by hand. What moto cannot produce (a pending
 * or failed image, an access denied) is injected by a middleware on the answer of that one call.
 */
import {
  CreateImageCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeSnapshotsCommand,
  DeleteSnapshotCommand,
  EC2Client,
  RunInstancesCommand,
  type Image,
} from '@aws-sdk/client-ec2';
import { FAILED_CREATE_PREFIX, amiHandler, imageName, onAmiEvent, type AmiScope } from '../../lib/handlers/ami-from-instance';
import { AMI_RESOURCE_TYPE, REQUEST_TAG_KEY } from '../../lib/handlers/ami-from-instance-names';
import type { CustomResourceEvent } from '../../lib/handlers/cfn-response';
import { describeWithMoto, motoClientConfig, resetMoto } from '../moto/moto';
import { createEvent, deleteEvent, lambdaContext, updateEvent } from './cfn-events';
import { captureConsole, responseServer } from './servers';

const TAGS = { Project: 'aws-dva-labs', Lab: 'LabAmi' };
const PROPS = { NamePrefix: 'LabAmi-apache', Tags: TAGS };
const withProps = (event: CustomResourceEvent, props: Record<string, unknown>): CustomResourceEvent => ({ ...event, ResourceProperties: props });

/** Rewrites the answer of one EC2 command: moto's images are available at once and never fail. */
function onAnswer(ec2: EC2Client, command: string, change: (output: Record<string, unknown>, call: number) => void): void {
  let calls = 0;
  ec2.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === command) change(result.output as unknown as Record<string, unknown>, ++calls);
      return result;
    },
    { step: 'initialize', name: `rewrite-${command}` },
  );
}

/** Makes one EC2 command fail with this error before it is sent (what moto cannot answer). */
function failing(ec2: EC2Client, command: string, name: string, message: string): void {
  ec2.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === command) throw Object.assign(new Error(message), { name });
      return next(args);
    },
    { step: 'initialize', name: `fail-${command}` },
  );
}

describeWithMoto('Custom::AmiFromInstance handler (moto)', () => {
  let ec2: EC2Client;
  let instanceId: string;
  const scope = (): AmiScope => ({ ec2, pollMs: 10, snapshotRetryMs: 10 });
  const create = (props: Record<string, unknown> = { ...PROPS, InstanceId: instanceId }) =>
    onAmiEvent(scope(), withProps(createEvent(AMI_RESOURCE_TYPE, {}), props));
  const del = (physicalId: string, props: Record<string, unknown> = { ...PROPS, InstanceId: instanceId }) =>
    onAmiEvent(scope(), withProps(deleteEvent(AMI_RESOURCE_TYPE, physicalId, {}), props));

  /** moto is reset once (its first EC2 call in a region builds a thousand images): each test compares with what was there before it. */
  let before: { images: string[]; snapshots: string[] };
  async function imageIds(): Promise<string[]> {
    return ((await ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images ?? []).map((i) => i.ImageId!);
  }
  async function snapshotIds(): Promise<string[]> {
    // Only the snapshots CreateImage makes (moto's own images come with a thousand others).
    const filter = { Name: 'description', Values: ['Created by CreateImage(*'] };
    return ((await ec2.send(new DescribeSnapshotsCommand({ Filters: [filter] }))).Snapshots ?? []).map((s) => s.SnapshotId!);
  }
  const added = async () => ({
    images: (await imageIds()).filter((id) => !before.images.includes(id)),
    snapshots: (await snapshotIds()).filter((id) => !before.snapshots.includes(id)),
  });
  async function expectNothingLeft() {
    expect(await added()).toEqual({ images: [], snapshots: [] });
  }

  beforeAll(async () => {
    await resetMoto();
    ec2 = new EC2Client(motoClientConfig('eu-west-1'));
    // Any Amazon image will do (an AL2023 one, as the lab's builder runs), found without SSM,
    // whose first call costs moto seconds.
    const [al2023] = (
      await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023*-kernel-6.1-x86_64'] }] }))
    ).Images!;
    const amiId = al2023.ImageId!;
    instanceId = (await ec2.send(new RunInstancesCommand({ ImageId: amiId, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro' }))).Instances![0]
      .InstanceId!;
    ec2.destroy();
  });
  beforeEach(async () => {
    captureConsole();
    ec2 = new EC2Client(motoClientConfig('eu-west-1'));
    before = { images: await imageIds(), snapshots: await snapshotIds() };
  });
  afterEach(() => {
    ec2.destroy();
    jest.restoreAllMocks();
  });

  it('create: an available image of the instance, ours, tagged (image and snapshots); delete: nothing left', async () => {
    const created = await create();
    const imageId = created.physicalResourceId;
    expect(imageId).toMatch(/^ami-/);
    const [image] = (await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }))).Images!;
    expect(image).toMatchObject({ ImageId: imageId, State: 'available', OwnerId: '123456789012', Name: created.data!.ImageName });
    expect(created.data).toEqual({ ImageId: imageId, ImageName: expect.stringMatching(/^LabAmi-apache-\d{8}T\d{6}Z$/), SnapshotIds: expect.stringMatching(/^snap-/) });
    const tags = Object.fromEntries((image.Tags ?? []).map((t) => [t.Key, t.Value]));
    expect(tags).toMatchObject({ ...TAGS, Name: created.data!.ImageName, [REQUEST_TAG_KEY]: expect.stringMatching(/^request-/) });
    const snapshots = (await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: created.data!.SnapshotIds.split(',') }))).Snapshots!;
    expect(snapshots).toHaveLength(1);
    expect(Object.fromEntries((snapshots[0].Tags ?? []).map((t) => [t.Key, t.Value]))).toMatchObject(TAGS);

    expect(await del(imageId)).toEqual({ physicalResourceId: imageId });
    await expectNothingLeft();
  });

  it('delete twice: the second finds nothing and succeeds', async () => {
    const { physicalResourceId } = await create();
    await del(physicalResourceId);
    await expect(del(physicalResourceId)).resolves.toEqual({ physicalResourceId });
    await expectNothingLeft();
  });

  it('delete after the image was deregistered by hand: its snapshot is found by its description and deleted', async () => {
    const { physicalResourceId } = await create();
    await ec2.send(new DeregisterImageCommand({ ImageId: physicalResourceId }));
    expect((await added()).snapshots).toHaveLength(1);
    await del(physicalResourceId);
    await expectNothingLeft();
  });

  it('delete after the image and its snapshot were removed by hand: success', async () => {
    const { physicalResourceId, data } = await create();
    await ec2.send(new DeregisterImageCommand({ ImageId: physicalResourceId }));
    await ec2.send(new DeleteSnapshotCommand({ SnapshotId: data!.SnapshotIds }));
    await expect(del(physicalResourceId)).resolves.toEqual({ physicalResourceId });
  });

  it('an image that is not tagged as the lab\'s is never deregistered', async () => {
    const foreign = (await ec2.send(new CreateImageCommand({ InstanceId: instanceId, Name: 'learners-own' }))).ImageId!;
    await del(foreign);
    expect((await added()).images).toEqual([foreign]);
    expect((await added()).snapshots).toHaveLength(1);
  });

  it('a Delete with an id that is no image (a Create that failed before CreateImage) succeeds and touches nothing', async () => {
    const foreign = (await ec2.send(new CreateImageCommand({ InstanceId: instanceId, Name: 'learners-own' }))).ImageId!;
    await expect(del('LabAmi-Image-1A2B3C')).resolves.toEqual({ physicalResourceId: 'LabAmi-Image-1A2B3C' });
    expect((await added()).images).toEqual([foreign]);
  });

  it('create from an instance that does not exist: fails with EC2\'s reason, makes nothing', async () => {
    await expect(create({ ...PROPS, InstanceId: 'i-0000000000000dead' })).rejects.toThrow(/i-0000000000000dead|does not exist/);
    await expectNothingLeft();
  });

  it('create with missing properties: fails naming the property, makes nothing', async () => {
    await expect(create({ NamePrefix: 'x', Tags: TAGS })).rejects.toThrow('Property InstanceId is missing');
    await expect(create({ InstanceId: instanceId, NamePrefix: 'x' })).rejects.toThrow('Property Tags is missing or not a map of strings');
    await expectNothingLeft();
  });

  it('a pending image is polled until it is available', async () => {
    onAnswer(ec2, 'DescribeImagesCommand', (output, call) => {
      if (call <= 2) for (const image of (output.Images as Image[]) ?? []) image.State = 'pending';
    });
    const { physicalResourceId } = await create();
    expect((await added()).images).toEqual([physicalResourceId]);
  });

  it('an image that fails: create removes it and its snapshot, and says so', async () => {
    onAnswer(ec2, 'DescribeImagesCommand', (output, call) => {
      if (call === 1) for (const image of (output.Images as Image[]) ?? []) Object.assign(image, { State: 'failed', StateReason: { Message: 'Internal error' } });
    });
    await expect(create()).rejects.toThrow(/^Image ami-\w+ from i-\w+ did not become available: the image is failed: Internal error; the image and its snapshots were removed\.$/);
    await expectNothingLeft();
  });

  it('an update makes a new image; the old one goes when CloudFormation deletes it', async () => {
    const first = await create();
    const updated = await onAmiEvent(
      scope(),
      withProps(updateEvent(AMI_RESOURCE_TYPE, first.physicalResourceId, {}, {}), { ...PROPS, InstanceId: instanceId }),
    );
    expect(updated.physicalResourceId).not.toBe(first.physicalResourceId);
    await del(first.physicalResourceId);
    expect((await added()).images).toEqual([updated.physicalResourceId]);
    await del(updated.physicalResourceId);
    await expectNothingLeft();
  });

  it('a real failure on delete (access denied) answers FAILED with the reason, keeping the physical id', async () => {
    const { physicalResourceId } = await create();
    failing(ec2, 'DeregisterImageCommand', 'UnauthorizedOperation', 'You are not authorized to perform this operation.');
    const cfn = await responseServer();
    try {
      await amiHandler(() => ec2)(withProps(deleteEvent(AMI_RESOURCE_TYPE, physicalResourceId, {}, { responseUrl: cfn.url }), PROPS), lambdaContext(60_000));
      expect(cfn.received[0].body).toMatchObject({
        Status: 'FAILED',
        Reason: 'You are not authorized to perform this operation.',
        PhysicalResourceId: physicalResourceId,
      });
    } finally {
      await cfn.close();
    }
  });

  it('out of time while the image is pending: FAILED in time, the image removed, the rollback Delete succeeds', async () => {
    onAnswer(ec2, 'DescribeImagesCommand', (output) => {
      for (const image of (output.Images as Image[]) ?? []) if (image.Tags?.some((t) => t.Key === 'Project')) image.State = 'pending';
    });
    const cfn = await responseServer();
    try {
      const handler = amiHandler(() => ec2, { answerReserveMs: 500, unwindMs: 3000 });
      const event = withProps(createEvent(AMI_RESOURCE_TYPE, {}, { responseUrl: cfn.url }), { ...PROPS, InstanceId: instanceId });
      const started = Date.now();
      await handler(event, lambdaContext(4_500));
      expect(Date.now() - started).toBeLessThan(4_500);
      expect(cfn.received[0].body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `${FAILED_CREATE_PREFIX}${event.RequestId}` });
      expect(String(cfn.received[0].body.Reason)).toMatch(/^No answer within 1 s/);
      await expectNothingLeft();

      await handler(withProps(deleteEvent(AMI_RESOURCE_TYPE, `${FAILED_CREATE_PREFIX}${event.RequestId}`, {}, { responseUrl: cfn.url }), PROPS), lambdaContext(60_000));
      expect(cfn.received[1].body).toMatchObject({ Status: 'SUCCESS' });
    } finally {
      await cfn.close();
    }
  }, 15_000);

  it('the rollback Delete of a Create that never answered removes what that request made, and only that', async () => {
    const other = await create();
    // What a Create killed after CreateImage leaves: an image tagged with its request.
    const orphan = (
      await ec2.send(
        new CreateImageCommand({
          InstanceId: instanceId,
          Name: 'LabAmi-apache-orphan',
          TagSpecifications: [{ ResourceType: 'image', Tags: [...Object.entries(TAGS).map(([Key, Value]) => ({ Key, Value })), { Key: REQUEST_TAG_KEY, Value: 'request-lost' }] }],
        }),
      )
    ).ImageId!;
    await del(`${FAILED_CREATE_PREFIX}request-lost`);
    expect((await added()).images).toEqual([other.physicalResourceId]);
    expect((await added()).images).not.toContain(orphan);
    expect((await added()).snapshots).toEqual([other.data!.SnapshotIds]);
  });
});

describe('image names', () => {
  it('are unique per second and valid AMI names', () => {
    expect(imageName('LabAmi-apache', new Date('2026-11-26T12:34:56.789Z'))).toBe('LabAmi-apache-20261126T123456Z');
  });
});
