import type { Case } from './concurrencyKit';
import { uniq, project } from './concurrencyKit';
import { accountCases } from './concurrencyAccounts';
import { campaignCases } from './concurrencyCampaign';
import { matchmakingCases } from './concurrencyMatchmaking';
import { programmeCases } from './concurrencyProgramme';
import { recordCases } from './concurrencyRecords';
import { planningCases } from './concurrencyPlanning';
import { projectCases } from './concurrencyProjects';
import { selectionCases } from './concurrencySelection';
import { assessmentCases } from './concurrencyAssessment';

export type { Case, Ctx } from './concurrencyKit';

// The cases of src/http/concurrency.test.ts: for every write route of the OpenAPI document, how to arrange one valid
// request. Each case makes the state it needs itself (through the API where it can), so cases do not depend on each
// other's order except where noted.
export const CASES: Case[] = [
  ...accountCases,
  ...campaignCases,
  ...matchmakingCases,
  ...programmeCases,
  ...recordCases,
  ...planningCases,
  ...projectCases,
  ...selectionCases({ uniq, project }),
  ...assessmentCases,
];

// Routes whose ten-at-once case is not written yet, each with what guards it today (read in the code, not proven
// here). The list only shrinks; a new write route must get a case above, not an entry here.
export const NOT_YET: Record<string, string> = {};

// Ten identical requests that are ten effects by design, and why.
export const MANY_EFFECTS: Record<string, string> = {
  'POST /api/auth/login': 'ten logins are ten sessions (throttled per address and account)',
  'POST /api/auth/logout': 'ending an ended session changes nothing; each answer clears the caller’s cookie',
  'POST /api/notifications/read': 'marking read what is read changes nothing (no audit entry)',
  'POST /api/auth/forgot': 'each request answers the same (no account enumeration); mails are throttled per account',
  'POST /api/intents/{id}/messages': 'ten messages are ten messages in the thread (a chat, not a state)',
};
