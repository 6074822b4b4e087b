import { accessOutputIds } from '../../constructs/lab-access-outputs';

/** The ids of LabAmi's stack outputs: the stack writes them, the check reads them. */
export const OUTPUTS = {
  imageId: 'ImageId',
  imageName: 'ImageName',
  /** The instance launched from the custom AMI. */
  instanceId: 'InstanceId',
  url: 'Url',
  /** The instance apache.sh set up, the AMI's source. */
  builderInstanceId: 'BuilderInstanceId',
  builderUrl: 'BuilderUrl',
  /** Prefix of the builder's access outputs (`BuilderSshCommand`). */
  builderPrefix: 'Builder',
} as const;

/** The outputs the stack writes. */
export function outputIds(): string[] {
  return [
    OUTPUTS.imageId,
    OUTPUTS.imageName,
    OUTPUTS.instanceId,
    OUTPUTS.url,
    OUTPUTS.builderInstanceId,
    OUTPUTS.builderUrl,
    ...accessOutputIds(),
    ...accessOutputIds(OUTPUTS.builderPrefix),
  ];
}
