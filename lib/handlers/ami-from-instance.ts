/**
 * Custom::AmiFromInstance — a custom AMI made from a running instance (LabAmi), and
 * removed again, snapshots included, when the stack goes.
 *
 * - Create (and Update, which makes a new image; CloudFormation then deletes the old one):
 *   CreateImage with a reboot (NoReboot false: the file system is quiescent, so the image
 *   is consistent; the builder is down for a minute, which nobody depends on), the image
 *   tagged at creation; then polls until the image is `available`, tags its snapshots, and
 *   answers with the image id. A Create that fails or runs out of time deregisters the image
 *   and deletes its snapshots before answering FAILED, and answers with an id that lets the
 *   rollback's Delete find them again by tag, should anything be left.
 * - Delete: DeregisterImage, then DeleteSnapshot for every snapshot of the image (from the
 *   image, and by the description EC2 gives them, for an image deregistered by hand). What
 *   is already gone counts as done; an image not tagged as the kit's is left alone.
 *
 * AWS actions called: ec2:CreateImage, ec2:CreateTags, ec2:DescribeImages,
 * ec2:DescribeSnapshots, ec2:DeregisterImage, ec2:DeleteSnapshot.
 */
import {
  CreateImageCommand,
  CreateTagsCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeSnapshotsCommand,
  EC2Client,
  type Image,
  type Tag,
} from '@aws-sdk/client-ec2';
import { MAX_ATTEMPTS, REQUEST_TIMEOUTS } from './account-clients';
import { REQUEST_TAG_KEY } from './ami-from-instance-names';
import {
  lambdaHandler,
  stringProperty,
  type CustomResourceEvent,
  type CustomResourceResult,
  type HandlerOptions,
} from './cfn-response';

/** The physical id a failed Create answers with: the rollback's Delete looks for this request's images. */
export const FAILED_CREATE_PREFIX = 'failed-create:';

/** The clients, deadline and pace one event is handled with. */
export interface AmiScope {
  readonly ec2: EC2Client;
  /** Fires at the handler's deadline; passed to every AWS call. */
  readonly signal?: AbortSignal;
  /** Wait between two looks at a pending image. @default 15000 */
  readonly pollMs?: number;
  /** Wait before retrying a snapshot the image still holds. @default 3000 */
  readonly snapshotRetryMs?: number;
}

/** The resource's properties, as CloudFormation passes them (strings). */
export interface AmiProperties {
  readonly instanceId: string;
  /** Start of the image's name; a UTC time stamp makes it unique. */
  readonly namePrefix: string;
  /** Tags for the image and its snapshots (Project, Lab, ...). */
  readonly tags: Readonly<Record<string, string>>;
}

export function amiProperties(props: Readonly<Record<string, unknown>>): AmiProperties {
  return {
    instanceId: stringProperty(props, 'InstanceId'),
    namePrefix: stringProperty(props, 'NamePrefix'),
    tags: tagsProperty(props),
  };
}

function tagsProperty(props: Readonly<Record<string, unknown>>): Record<string, string> {
  const tags = props.Tags;
  if (!tags || typeof tags !== 'object' || Object.values(tags).some((v) => typeof v !== 'string')) {
    throw new Error('Property Tags is missing or not a map of strings');
  }
  return tags as Record<string, string>;
}

/** The image's name: the prefix and the UTC time, e.g. `LabAmi-apache-20261126T120000Z`. */
export function imageName(prefix: string, now: Date): string {
  return `${prefix}-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
}

/** Handles one CloudFormation event; throws (message = reason) to answer FAILED. */
export async function onAmiEvent(scope: AmiScope, event: CustomResourceEvent): Promise<CustomResourceResult> {
  if (event.RequestType === 'Delete') {
    const physicalId = event.PhysicalResourceId ?? '';
    // Without the lab's tags nothing is recognised as the lab's, so nothing is removed.
    const tags = tagsOrNone(event.ResourceProperties);
    if (physicalId.startsWith(FAILED_CREATE_PREFIX)) {
      await removeImagesOfRequest(scope, physicalId.slice(FAILED_CREATE_PREFIX.length), tags);
    } else if (physicalId.startsWith('ami-')) {
      await removeImage(scope, physicalId, tags);
    } else {
      console.log(`Nothing to delete: ${physicalId} is not an image id`);
    }
    return { physicalResourceId: physicalId };
  }
  return createImage(scope, event, amiProperties(event.ResourceProperties));
}

function tagsOrNone(props: Readonly<Record<string, unknown>>): Record<string, string> {
  try {
    return tagsProperty(props);
  } catch {
    return {};
  }
}

const asTags = (tags: Readonly<Record<string, string>>): Tag[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

async function createImage(scope: AmiScope, event: CustomResourceEvent, props: AmiProperties): Promise<CustomResourceResult> {
  const { ec2, signal } = scope;
  const name = imageName(props.namePrefix, new Date());
  const tags = { ...props.tags, Name: name, [REQUEST_TAG_KEY]: event.RequestId };
  const created = await ec2.send(
    new CreateImageCommand({
      InstanceId: props.instanceId,
      Name: name,
      Description: `aws-dva-labs: made from ${props.instanceId}; deregistered with its snapshots by cdk destroy`,
      NoReboot: false,
      TagSpecifications: [{ ResourceType: 'image', Tags: asTags(tags) }],
    }),
    { abortSignal: signal },
  );
  const imageId = created.ImageId;
  if (!imageId) throw new Error(`CreateImage returned no image id for ${props.instanceId}`);
  console.log(`CreateImage ${name}: ${imageId}`);
  try {
    const image = await waitUntilAvailable(scope, imageId, tags);
    const snapshotIds = snapshotIdsOf(image);
    return { physicalResourceId: imageId, data: { ImageId: imageId, ImageName: name, SnapshotIds: snapshotIds.join(',') } };
  } catch (error) {
    // The scope's signal may have fired: clean up with a few seconds of our own.
    const left = await removeImage({ ...scope, signal: AbortSignal.timeout(15_000) }, imageId, tags).then(
      () => 'the image and its snapshots were removed',
      (cleanupError: unknown) => `removing the image failed too (${errorText(cleanupError)}); cdk destroy or npm run leftovers finds it`,
    );
    throw new Error(`Image ${imageId} from ${props.instanceId} did not become available: ${errorText(error)}; ${left}.`);
  }
}

/** Polls until the image is available; tags its snapshots as soon as the image lists them. */
async function waitUntilAvailable(scope: AmiScope, imageId: string, tags: Readonly<Record<string, string>>): Promise<Image> {
  const pollMs = scope.pollMs ?? 15_000;
  for (;;) {
    const image = await describeImage(scope, imageId);
    if (!image) throw new Error('the image disappeared (deregistered by hand?)');
    await tagSnapshots(scope, snapshotIdsOf(image), tags);
    const state = image.State ?? 'unknown';
    if (state === 'available') return image;
    if (state !== 'pending') throw new Error(`the image is ${state}${image.StateReason?.Message ? `: ${image.StateReason.Message}` : ''}`);
    await sleep(pollMs, scope.signal);
  }
}

function snapshotIdsOf(image: Image): string[] {
  return (image.BlockDeviceMappings ?? []).flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []));
}

async function tagSnapshots(scope: AmiScope, snapshotIds: readonly string[], tags: Readonly<Record<string, string>>): Promise<void> {
  if (snapshotIds.length === 0 || Object.keys(tags).length === 0) return;
  await scope.ec2.send(new CreateTagsCommand({ Resources: [...snapshotIds], Tags: asTags(tags) }), { abortSignal: scope.signal });
}

/** The image, or undefined when EC2 does not know it (never existed, or deregistered). */
async function describeImage(scope: AmiScope, imageId: string): Promise<Image | undefined> {
  try {
    const images = (await scope.ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }), { abortSignal: scope.signal })).Images ?? [];
    return images.find((i) => i.ImageId === imageId);
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

/** Error codes that mean "already gone": deleting it again is done, not a failure. */
const GONE = ['InvalidAMIID.NotFound', 'InvalidAMIID.Unavailable', 'InvalidSnapshot.NotFound'];
const isGone = (error: unknown) => error instanceof Error && GONE.includes(error.name);

/** True when the image carries the lab's own tags: only such images are deregistered. */
function isOurs(image: Image, tags: Readonly<Record<string, string>>): boolean {
  const own = new Map((image.Tags ?? []).map((t) => [t.Key, t.Value]));
  const expected = Object.entries(tags).filter(([key]) => key !== 'Name');
  return expected.length > 0 && expected.every(([key, value]) => own.get(key) === value);
}

/**
 * Deregisters the image and deletes its snapshots; what is already gone counts as done.
 * An image that is not tagged as the lab's is left alone (and so are its snapshots).
 */
export async function removeImage(scope: AmiScope, imageId: string, tags: Readonly<Record<string, string>>): Promise<void> {
  const image = await describeImage(scope, imageId);
  if (image && !isOurs(image, labTags(tags))) {
    console.log(`Left alone: ${imageId} is not tagged ${JSON.stringify(labTags(tags))}`);
    return;
  }
  const snapshotIds = new Set(image ? snapshotIdsOf(image) : []);
  for (const id of await snapshotsCreatedFor(scope, imageId)) snapshotIds.add(id);
  if (image) {
    try {
      await scope.ec2.send(new DeregisterImageCommand({ ImageId: imageId }), { abortSignal: scope.signal });
      console.log(`Deregistered ${imageId}`);
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  }
  for (const snapshotId of snapshotIds) await deleteSnapshot(scope, snapshotId, tags);
}

/** The kit's tags among the resource's tags (Project, Lab): what IAM and isOurs() look for. */
function labTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).filter(([key]) => key !== 'Name' && key !== REQUEST_TAG_KEY));
}

/** Snapshots EC2 made for this image, found by the description it gives them: "Created by CreateImage(i-…) for ami-…". */
async function snapshotsCreatedFor(scope: AmiScope, imageId: string): Promise<string[]> {
  const result = await scope.ec2.send(
    new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: 'description', Values: [`Created by CreateImage(*) for ${imageId}*`] }] }),
    { abortSignal: scope.signal },
  );
  return (result.Snapshots ?? []).flatMap((s) => (s.SnapshotId ? [s.SnapshotId] : []));
}

async function deleteSnapshot(scope: AmiScope, snapshotId: string, tags: Readonly<Record<string, string>>): Promise<void> {
  // The role may delete only snapshots tagged as the lab's: one the image never listed while
  // it was pending gets the tags now.
  try {
    await tagSnapshots(scope, [snapshotId], labTags(tags));
  } catch (error) {
    if (isGone(error)) return;
    throw error;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await scope.ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }), { abortSignal: scope.signal });
      console.log(`Deleted ${snapshotId}`);
      return;
    } catch (error) {
      if (isGone(error)) return;
      // A just-deregistered image may hold its snapshot for a moment.
      if (error instanceof Error && error.name === 'InvalidSnapshot.InUse' && attempt < 5) {
        await sleep(scope.snapshotRetryMs ?? 3000, scope.signal);
        continue;
      }
      throw error;
    }
  }
}

/** The rollback of a failed Create: whatever that request made, found by its tag. */
async function removeImagesOfRequest(scope: AmiScope, requestId: string, tags: Readonly<Record<string, string>>): Promise<void> {
  const images = (
    await scope.ec2.send(
      new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: `tag:${REQUEST_TAG_KEY}`, Values: [requestId] }] }),
      { abortSignal: scope.signal },
    )
  ).Images ?? [];
  for (const image of images) if (image.ImageId) await removeImage(scope, image.ImageId, tags);
  const snapshots = (
    await scope.ec2.send(
      new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: `tag:${REQUEST_TAG_KEY}`, Values: [requestId] }] }),
      { abortSignal: scope.signal },
    )
  ).Snapshots ?? [];
  for (const snapshot of snapshots) if (snapshot.SnapshotId) await deleteSnapshot(scope, snapshot.SnapshotId, tags);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Time kept back for the cleanup of a failed Create and the answer: the logic is told to
 * stop this long before the Lambda would be, then has `unwindMs` to remove what it made.
 */
export const AMI_HANDLER_OPTIONS: HandlerOptions = {
  failedPhysicalId: (event) => event.PhysicalResourceId ?? `${FAILED_CREATE_PREFIX}${event.RequestId}`,
  answerReserveMs: 30_000,
  unwindMs: 20_000,
};

/** The Lambda handler for these clients (tests pass moto's). */
export function amiHandler(clients: () => EC2Client, options: Partial<HandlerOptions> = {}) {
  return lambdaHandler((event, signal) => onAmiEvent({ ec2: clients(), signal }, event), { ...AMI_HANDLER_OPTIONS, ...options });
}

export const handler = amiHandler(() => new EC2Client({ requestHandler: REQUEST_TIMEOUTS, maxAttempts: MAX_ATTEMPTS }));
