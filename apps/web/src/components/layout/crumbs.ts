// Breadcrumbs a page sets itself when they depend on what it loaded (a region's name, an indicator's label, whether
// it was reached from the map): the static ones stay in the route's meta. Kept per path, so a page left behind can
// never show its trail on the next one.
import { onBeforeUnmount, shallowRef, watchEffect } from 'vue';
import { useRoute } from 'vue-router';
import type { Crumb } from '@/router/meta';

export const pageCrumbs = shallowRef<{ path: string; crumbs: Crumb[] } | null>(null);

export function usePageCrumbs(make: () => Crumb[]) {
  const route = useRoute();
  const path = route.path;
  watchEffect(() => {
    pageCrumbs.value = { path, crumbs: make() };
  });
  onBeforeUnmount(() => {
    if (pageCrumbs.value?.path === path) pageCrumbs.value = null;
  });
}
