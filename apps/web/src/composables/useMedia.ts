import { onBeforeUnmount, ref } from 'vue';

/** Reactive window.matchMedia. */
export function useMedia(query: string) {
  const mql = window.matchMedia(query);
  const matches = ref(mql.matches);
  const onChange = (e: MediaQueryListEvent) => (matches.value = e.matches);
  mql.addEventListener('change', onChange);
  onBeforeUnmount(() => mql.removeEventListener('change', onChange));
  return matches;
}

export const PHONE_QUERY = '(max-width: 768px)';
