// Preloaded into a timed child process (`node --import bench/cpu-report.mjs ...`): at exit it writes the
// process's own CPU time (user + system, µs, from process start) and its peak resident set (KiB) to the file
// STRATA_CPU_REPORT names, since a parent cannot read a child's CPU time or peak memory portably.
import { writeFileSync } from 'node:fs';

const file = process.env.STRATA_CPU_REPORT;
if (file) {
  process.on('exit', () => {
    const c = process.cpuUsage();
    writeFileSync(file, JSON.stringify({ userUs: c.user, systemUs: c.system, maxRssKiB: process.resourceUsage().maxRSS }));
  });
}
