/** Types of malloc-huge-pages.js (plain JavaScript: jest.config.js loads it). */
export function withMallocHugePages(tunables: string | undefined): string;
