// The menu grouped by the programme's stages (issue #17): 25 top-level entries did not fit a 900 px screen.
// Each role's entries (buildMenu decides which, by can()) are sorted into the stage they serve; only the stage
// groups and the few entries used every day stay at the top. A role with a short menu keeps it flat.
import { Coin, DataAnalysis, Finished, Promotion, School, Setting, Trophy } from '@element-plus/icons-vue';
import type { Component } from 'vue';
import { t } from '@/locales';
import type { MenuItem } from './menu';

type Stage = 'collect' | 'match' | 'projects' | 'schools' | 'indicators' | 'results' | 'system';

const STAGE_ICON: Record<Stage, Component> = {
  collect: Finished,
  match: Promotion,
  projects: Coin,
  schools: School,
  indicators: DataAnalysis,
  results: Trophy,
  system: Setting,
};

/** Which stage an entry belongs to; entries not listed stay at the top (工作台, 本单位信息, 通知中心). */
const STAGE_OF: Record<string, Stage> = {
  '/campaigns': 'collect',
  '/my-form': 'collect',
  'review-group': 'collect',
  '/catalogue': 'match',
  '/recommendations': 'match',
  '/intents': 'match',
  '/events': 'match',
  '/publications': 'match',
  '/unmatched': 'match',
  '/agreements': 'projects',
  '/projects': 'projects',
  '/agreement-filing': 'projects',
  '/reports': 'projects',
  '/internships': 'projects',
  '/agreement-template': 'projects',
  '/dashboard': 'indicators',
  '/trainings': 'indicators',
  '/mentors': 'indicators',
  '/key-industries': 'indicators',
  '/quota': 'indicators',
  '/warning': 'indicators',
  '/assessment': 'indicators',
  // The notice's other duties: training and contests and the school assessment are figures; priority lists too.
  duties: 'indicators',
  // 院校建设 (notice 二(一)–(三), 三(一)): layout, specialties, teachers, cooperation offices.
  'school-building-group': 'schools',
  '/selection/rounds': 'results',
  'results-group': 'results',
  orgs: 'system',
  '/accounts': 'system',
  reference: 'system',
  '/audit': 'system',
  '/ops': 'system',
  '/password': 'system',
};
/** Groups whose entries are lifted into their stage (a group inside a group would be one click too many). */
const FLATTEN = new Set(['review-group', 'results-group', 'duties', 'school-building-group']);
/** Up to this many entries the menu fits a screen as it is. */
const FLAT_LIMIT = 10;

export function groupByStage(items: MenuItem[]): MenuItem[] {
  if (items.length <= FLAT_LIMIT) return items;
  const stages = new Map<Stage, MenuItem[]>();
  const top: MenuItem[] = [];
  for (const item of items) {
    const stage = STAGE_OF[item.index];
    if (!stage) {
      top.push(item);
      continue;
    }
    const list = stages.get(stage) ?? [];
    list.push(...(FLATTEN.has(item.index) && item.children ? item.children : [item]));
    stages.set(stage, list);
  }
  const labels = t.layout.stages;
  const groups = (Object.keys(STAGE_ICON) as Stage[]).flatMap((s) => {
    const children = stages.get(s);
    if (!children?.length) return [];
    // A stage with one entry is that entry (a group to open for one link is a wasted click).
    if (children.length === 1) return [{ ...children[0]!, icon: children[0]!.icon ?? STAGE_ICON[s] }];
    return [
      {
        index: `stage-${s}`,
        label: labels[s],
        icon: STAGE_ICON[s],
        children: children.map(({ icon: _icon, ...c }) => c),
      },
    ];
  });
  // 工作台 first, then the stages in the programme's order, then the rest of the everyday entries.
  const [home, ...rest] = top;
  return [...(home ? [home] : []), ...groups, ...rest];
}

/** The groups (and groups within groups) that hold the entry `index`, outermost first; [] when none does. */
export function groupsHolding(items: MenuItem[], index: string): string[] {
  const path = (list: MenuItem[]): string[] | null => {
    for (const item of list) {
      if (item.index === index) return [];
      const inner = item.children ? path(item.children) : null;
      if (inner) return [item.index, ...inner];
    }
    return null;
  };
  return path(items) ?? [];
}
