// The left menu, decided by role through can() from the domain; the server still checks every request.
import type { Component } from 'vue';
import type { RouteLocationNormalizedLoaded } from 'vue-router';
import type { SessionUser } from '@cjrh/domain';
import { can, DICT_KINDS } from '@cjrh/domain';
import {
  Bell,
  Calendar,
  DataAnalysis,
  Collection,
  DocumentChecked,
  EditPen,
  Finished,
  House,
  Lock,
  Medal,
  Monitor,
  OfficeBuilding,
  Reading,
  School,
  User,
} from '@element-plus/icons-vue';
import { t } from '@/locales';
import { catalogueMenu, catalogueMenuIndex } from '@/components/catalogue/menu';
import { projectMenu, projectMenuIndex } from '@/components/projects/menu';
import { resultsMenu, resultsMenuIndex } from '@/components/results/menu';
import { warningMenu, warningMenuIndex } from '@/components/warning/menu';
import { schoolBuildingMenu } from '@/components/schoolBuilding/menu';

export interface MenuItem {
  index: string;
  label: string;
  icon?: Component;
  children?: MenuItem[];
}

export function buildMenu(user: SessionUser): MenuItem[] {
  const m = t.layout.menu;
  const items: MenuItem[] = [{ index: '/', label: m.home, icon: House }];
  if (user.role === 'province' || user.role === 'region' || user.role === 'school')
    items.push({ index: '/dashboard', label: t.indicators.menu.dashboard, icon: DataAnalysis });
  // The inputs of two indicators that people keep: teacher trainings (schools, bureaus) and key industries (province).
  if (can(user.role, 'training.read'))
    items.push({ index: '/trainings', label: t.inputs.menu.trainings, icon: Reading });
  if (can(user.role, 'mentor.read')) items.push({ index: '/mentors', label: t.inputs.menu.mentors, icon: User });
  if (can(user.role, 'keyindustry.manage'))
    items.push({ index: '/key-industries', label: t.inputs.menu.keyIndustries, icon: Collection });
  // The notice's remaining duties (三(四), 三(五)): training and contests, school assessment, priority lists.
  const duties: MenuItem[] = [];
  if (can(user.role, 'skill.read')) duties.push({ index: '/skills', label: t.duties.menu.skills });
  if (can(user.role, 'schoolassess.read'))
    duties.push({ index: '/school-assessment', label: t.duties.menu.schoolAssessment });
  if (can(user.role, 'priority.read')) duties.push({ index: '/priority', label: t.duties.menu.priority });
  if (duties.length) items.push({ index: 'duties', label: t.duties.menu.group, icon: Medal, children: duties });
  const isOrgUser = user.role === 'school' || user.role === 'enterprise';
  if (isOrgUser && user.orgId) {
    items.push({
      index: `/orgs/${user.orgId}`,
      label: m.ownOrg,
      icon: user.role === 'school' ? School : OfficeBuilding,
    });
  } else if (can(user.role, 'org.read')) {
    items.push({
      index: 'orgs',
      label: m.orgs,
      icon: OfficeBuilding,
      children: [
        { index: '/orgs?type=school', label: m.schools },
        { index: '/orgs?type=enterprise', label: m.enterprises },
      ],
    });
  }
  if (can(user.role, 'campaign.read')) items.push({ index: '/campaigns', label: m.campaigns, icon: Calendar });
  if (can(user.role, 'form.fill')) items.push({ index: '/my-form', label: m.myForm, icon: EditPen });
  if (can(user.role, 'form.review')) {
    const children: MenuItem[] = [{ index: '/review', label: m.review }];
    if (can(user.role, 'batch.submit')) children.push({ index: '/batches', label: m.batches });
    else if (can(user.role, 'form.accept')) children.push({ index: '/batches', label: m.batchesProvince });
    children.push({ index: '/completeness', label: m.completeness });
    if (can(user.role, 'form.import')) children.push({ index: '/import', label: m.import });
    items.push({ index: 'review-group', label: m.reviewGroup, icon: Finished, children });
  }
  items.push(...catalogueMenu(user));
  items.push(...projectMenu(user));
  items.push(...warningMenu(user));
  items.push(...schoolBuildingMenu(user));
  items.push(...resultsMenu(user));
  items.push({ index: '/notifications', label: m.notifications, icon: Bell });
  if (can(user.role, 'account.read')) items.push({ index: '/accounts', label: m.accounts, icon: User });
  items.push({
    index: 'reference',
    label: m.reference,
    icon: Collection,
    children: [
      { index: '/reference/regions', label: m.regions },
      ...DICT_KINDS.map((k) => ({ index: `/reference/${k}`, label: t.reference.kindTitles[k] })),
      { index: '/reference/crosswalk', label: m.crosswalk },
    ],
  });
  if (can(user.role, 'audit.read')) items.push({ index: '/audit', label: m.audit, icon: DocumentChecked });
  if (can(user.role, 'ops.read')) items.push({ index: '/ops', label: t.ops.menu, icon: Monitor });
  items.push({ index: '/password', label: m.password, icon: Lock });
  return items;
}

/** Which menu entry the current page belongs to. */
export function activeMenuIndex(route: RouteLocationNormalizedLoaded): string {
  const type = route.query.type === 'enterprise' ? 'enterprise' : 'school';
  switch (route.name) {
    case 'orgs':
    case 'org-create':
      return `/orgs?type=${type}`;
    case 'org-detail':
      return route.query.type ? `/orgs?type=${type}` : route.path;
    // A campaign's pages belong to the year-less menu entries that lead to them.
    case 'indicator-map':
    case 'indicator-rows':
      return '/dashboard';
    case 'campaign-detail':
      return '/campaigns';
    case 'my-form':
    case 'review-list':
    case 'batches':
    case 'completeness':
    case 'import':
      return `/${String(route.path.split('/').pop())}`;
    case 'form-detail':
      return route.query.from === 'batches' ? '/batches' : '/review';
    default:
      return (
        catalogueMenuIndex(route.name) ??
        projectMenuIndex(route.name) ??
        warningMenuIndex(route.name) ??
        resultsMenuIndex(route.name) ??
        route.path
      );
  }
}
