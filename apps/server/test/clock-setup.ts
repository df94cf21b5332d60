import { setClock } from '../src/lib/clock';

// Every server test file runs on a pinned day, never the wall clock's, so the suite gives the same answer on any
// date. TEST_TODAY moves it (CI runs the date-sensitive files again on a year start: .ci/run).
export const TEST_TODAY = process.env.TEST_TODAY || '2026-11-30';
setClock(TEST_TODAY);
