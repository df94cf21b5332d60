// `npm run bench`: runs every benchmark and prints a table; each reports ratios against a baseline measured
// in the same run, because these machines are shared and absolute times are noisy.
// Select some with: npm run bench -- startup
import { benchStartup } from './startup';
import { benchImport } from './import';
import { benchRecommend } from './recommend';
import { benchCatalogue } from './catalogue';
import { benchDashboard } from './dashboard';
import { benchCluster } from './cluster';
import { benchLogin } from './login';
import { benchSchoolAssessment } from './schoolassess';
import { benchLayout } from './layout';
import { benchPaper } from './paper';
import { benchYearTwo } from './yearTwo';
import { benchBundle } from './bundle';
import { benchCompiled } from './compiled';

const suites: Record<string, () => Promise<{ name: string; ms: number; ratio: number; note?: string }[]>> = {
  startup: () => benchStartup(3),
  import: () => benchImport(),
  recommend: () => benchRecommend(),
  catalogue: () => benchCatalogue(),
  dashboard: () => benchDashboard(),
  // Only when asked for (npm run bench -- cluster): it needs a PostgreSQL server that allows CREATE DATABASE.
  cluster: () => benchCluster(),
  login: () => benchLogin(),
  schoolassess: () => benchSchoolAssessment(),
  layout: () => benchLayout(),
  paper: () => benchPaper(),
  year: () => benchYearTwo(),
  compiled: () => benchCompiled(),
  // First: a build and a byte count (no server), with the public pages' weight budget checked.
  bundle: () => benchBundle(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const [name, run] of Object.entries(suites)) {
  if (wanted.length ? !wanted.includes(name) : name === 'cluster') continue;
  console.log(`\n## ${name}`);
  for (const r of await run())
    console.log(
      `${r.name.padEnd(80)} ${(r.ms / 1000).toFixed(2).padStart(8)} s   ×${r.ratio.toFixed(2)}${r.note ? `   ${r.note}` : ''}`,
    );
}
