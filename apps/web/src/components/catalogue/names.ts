import { today as clockToday } from '@/utils/clock';
// Names for the codes the catalogue sends (regions, dictionaries), and small date helpers shared by its pages.
import { computed } from 'vue';
import { useRoute, type Router } from 'vue-router';
import { useDict, useRegions } from '@/composables/useReference';
import { t } from '@/locales';
import type { FacetName } from '@/api/catalogue';

export function useCatalogueNames() {
  const { regionName } = useRegions();
  const industry = useDict('industry');
  const specialty = useDict('specialty');
  const occupation = useDict('occupation');
  const level = useDict('skill_level');
  /** The display name of one facet value (need types are already Chinese words). */
  function facetName(facet: FacetName, value: string): string {
    switch (facet) {
      case 'region':
        return regionName(value);
      case 'industry':
        return industry.nameOf(value);
      case 'specialty':
        return specialty.nameOf(value);
      case 'occupation':
        return occupation.nameOf(value);
      case 'level':
        return level.nameOf(value);
      case 'orgType':
        return t.catalogue.orgType[value] ?? value;
      default:
        return value;
    }
  }
  return {
    facetName,
    regionName,
    industryName: industry.nameOf,
    levelName: level.nameOf,
    specialtyName: specialty.nameOf,
    occupationName: occupation.nameOf,
  };
}

/**
 * The catalogue pages are mounted twice: under /public (no login, light header) and under /catalogue inside the
 * workbench. Links between them stay in whichever frame the reader is in.
 */
export function useCatalogueBase() {
  const route = useRoute();
  const isPublic = computed(() => route.path.startsWith('/public'));
  const base = computed(() => (isPublic.value ? '/public' : '/catalogue'));
  return {
    isPublic,
    base,
    itemLink: (id: number) => `${base.value}/items/${id}`,
    orgLink: (id: number) => `${base.value}/orgs/${id}`,
    eventsBase: computed(() => (isPublic.value ? '/public/events' : '/events')),
  };
}

const DAY = 86_400_000;
/** Whole days from today (the reader's calendar day) to a YYYY-MM-DD date; negative when past. */
export function daysUntil(date: string | null | undefined): number | null {
  if (!date) return null;
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return null;
  const [ty, tm, td] = clockToday().split('-').map(Number);
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(ty, tm - 1, td)) / DAY);
}

/** 2025-07-02 from an ISO timestamp, in the reader's time zone. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return t.common.none;
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export const EXPIRING_DAYS = 30;

/**
 * Back to the list the reader came from (with its filters) when the previous page was one; else to `fallback`.
 * vue-router keeps the previous address in history.state.back.
 */
export function goBack(router: Router, fallback: string, from: RegExp) {
  const back = (window.history.state as { back?: unknown } | null)?.back;
  if (typeof back === 'string' && from.test(back)) router.back();
  else void router.push(fallback);
}
