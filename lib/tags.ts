/** Tags the kit puts on every taggable resource, so that its resources can be found later. */
export const PROJECT_TAG_KEY = 'Project';
export const PROJECT_TAG_VALUE = 'aws-dva-labs';
export const LAB_TAG_KEY = 'Lab';
