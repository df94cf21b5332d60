// 院校建设: the notice's layout (二(一)), specialty setting and exit (二(二)), teachers (二(三)), cooperation office (三(一)).
import type { SessionUser } from '@cjrh/domain';
import { can } from '@cjrh/domain';
import { School } from '@element-plus/icons-vue';
import { t } from '@/locales';
import type { MenuItem } from '@/components/layout/menu';

export function schoolBuildingMenu(user: SessionUser): MenuItem[] {
  const m = t.schoolBuilding.menu;
  const children: MenuItem[] = [];
  if (can(user.role, 'layout.read')) children.push({ index: '/layout', label: m.layout });
  if (can(user.role, 'specialty.read')) children.push({ index: '/specialty-changes', label: m.specialties });
  if (can(user.role, 'teacher.read')) children.push({ index: '/teachers', label: m.teachers });
  if (can(user.role, 'office.read')) children.push({ index: '/coop-offices', label: m.offices });
  return children.length ? [{ index: 'school-building-group', label: m.group, icon: School, children }] : [];
}
