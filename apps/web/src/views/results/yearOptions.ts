import { thisYear as currentYear } from '@/utils/clock';
// Years offered by the public filters: the campaign started in 2025.
const FIRST = 2025;
export function yearOptions(): number[] {
  const now = currentYear();
  return Array.from({ length: Math.max(1, now + 1 - FIRST) }, (_, i) => now - i);
}
