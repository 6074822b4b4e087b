/**
 * glibc's malloc with transparent huge pages, for the processes Jest starts.
 *
 * Most of the kernel's share of a test run is page faults, and on this kind of VM each one is
 * costly: every worker grows to several hundred MiB. `glibc.malloc.hugetlb=1` has malloc ask
 * for transparent huge pages (madvise), so where the kernel's transparent huge pages are
 * `always` or `madvise`, the memory it takes faults in 2 MiB at a time instead of 4 KiB. glibc
 * reads GLIBC_TUNABLES when a process starts, so jest.config.js sets it before Jest starts
 * anything. Other C libraries (macOS, Windows, musl) and glibc before 2.35 ignore it.
 */
const HUGE_PAGES = 'glibc.malloc.hugetlb=1';

/** GLIBC_TUNABLES with malloc's huge pages added, unless it already says how malloc uses them. */
function withMallocHugePages(tunables) {
  if (!tunables) return HUGE_PAGES;
  if (tunables.split(':').some((tunable) => tunable.startsWith('glibc.malloc.hugetlb='))) return tunables;
  return `${tunables}:${HUGE_PAGES}`;
}

module.exports = { withMallocHugePages };
