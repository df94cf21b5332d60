import {
  formTransition,
  reasonProblems,
  regionByCode,
  REGIONS,
  type CodeLists,
  type FormAction,
  type FormState,
} from '@cjrh/domain';
import type { DemoPlan } from './generate';
import { returnReasons } from './returnReasons';
import { mulberry32 } from './random';
import {
  ACCEPT_X,
  ACCEPTED_BATCH_X,
  ACCEPTED_REGION,
  CAMPAIGN_SEED,
  END,
  type Kind,
  type Planned,
  type Step,
  type Story,
  type UserLite,
} from './campaignCommon';
import { demandFormOf } from './campaignFormData';
import { campaignAccounts, expectedFilers, planTargets } from './campaignTargets';

// The demo campaign's plan, in memory: who filed (campaignTargets), what they wrote (campaignFormData), and the walk
// of each form through the review path to its target state — first open, saves, submit, the bureau's approval or
// return (with reasons), the region's batch to the province and the province's acceptance — each step at a work-time
// x with the account that took it. Then the one batch per region that sent forms on. Pure: campaignWrite numbers and
// writes it.

const STEPS_TO: Record<FormState, FormAction[]> = {
  draft: [],
  submitted: ['submit'],
  returned: ['submit', 'return'],
  region_approved: ['submit', 'approve'],
  with_province: ['submit', 'approve', 'submit_to_province'],
  accepted: ['submit', 'approve', 'submit_to_province', 'accept'],
};

/** Pure: who filed, what they wrote, and when each step happened. */
export function planCampaign(
  plan: DemoPlan,
  idByUscc: Map<string, number>,
  userList: UserLite[],
  lists: CodeLists,
  seed: number,
): Planned {
  const flow = mulberry32((CAMPAIGN_SEED ^ seed) >>> 0);
  // Each organisation's rows come from a stream of their own, so what it wrote does not depend on who else filed.
  const contentOf = (index: number) =>
    mulberry32((Math.imul(CAMPAIGN_SEED ^ seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const uniform = (a: number, b: number) => a + flow.next() * Math.max(0, b - a);
  const before = (t: number, maxGap: number, floor = 0) =>
    t - 0.05 - flow.next() * Math.max(0, Math.min(maxGap, t - floor) - 0.05);

  const { accountOf, asActor, regionActor, province } = campaignAccounts(userList);
  const expected = expectedFilers(plan, idByUscc);

  // 1. Targets: pinned demo accounts, then who has not started, then the shares.
  const target = planTargets(flow, expected, accountOf);

  // 2. When regions sent their batch (one each, seq 1), then every form's timeline.
  const batchX = new Map<string, number>();
  for (const r of REGIONS) {
    const sends = expected.some(
      (e) =>
        e.org.regionCode === r.code && (target.get(e.orgId) === 'with_province' || target.get(e.orgId) === 'accepted'),
    );
    if (sends) batchX.set(r.code, r.code === ACCEPTED_REGION ? ACCEPTED_BATCH_X : uniform(19.2, 28.6));
  }

  const stories: Story[] = [];
  for (const [index, { org, orgId }] of expected.entries()) {
    const state = target.get(orgId)!;
    if (state === 'not_started') continue;
    const kind = org.type as Kind;
    const { def, data } = demandFormOf(plan, org, orgId, kind, lists, contentOf(index));

    const bx = batchX.get(org.regionCode);
    let createX: number;
    let submitX = 0;
    let decideX = 0;
    let lastSaveX: number;
    if (state === 'draft') {
      createX = uniform(0, 30);
      lastSaveX = uniform(createX + 0.05, END);
    } else {
      // Most organisations submit before the deadline (day 17, 07-20); the bureau decides mostly after it.
      const batched = state === 'with_province' || state === 'accepted';
      const latest = batched ? bx! - 0.3 : state === 'submitted' ? END : END - 0.3;
      const early = flow.chance(batched ? 0.85 : state === 'submitted' ? 0.4 : 0.7);
      submitX = early ? uniform(2, Math.min(16.9, latest)) : uniform(17, latest);
      if (batched) decideX = uniform(Math.max(submitX + 0.05, 10), bx! - 0.05);
      else if (state === 'region_approved')
        decideX = uniform(Math.max(submitX + 0.05, bx !== undefined ? bx + 0.05 : 10), END);
      else if (state === 'returned') decideX = uniform(Math.max(submitX + 0.05, 10), END);
      createX = before(submitX, 7);
      lastSaveX = uniform(createX + 0.01, submitX - 0.01);
    }
    const saves = flow.int(1, 3);
    const saveXs = [...Array.from({ length: saves - 1 }, () => uniform(createX, lastSaveX)), lastSaveX].sort(
      (a, b) => a - b,
    );

    const filler = asActor(accountOf.get(orgId), kind);
    const steps: Step[] = [];
    let cur: FormState = 'draft';
    for (const action of STEPS_TO[state]) {
      const actor = action === 'submit' ? filler : action === 'accept' ? province : regionActor(org.regionCode);
      const t = formTransition(cur, action, actor.role);
      if (!t.ok) throw new Error(`demo campaign: ${action} from ${cur} by ${actor.role}: ${t.message}`);
      const x =
        action === 'submit'
          ? submitX
          : action === 'submit_to_province'
            ? bx!
            : action === 'accept'
              ? ACCEPT_X
              : decideX;
      const reasons = t.needsReasons
        ? returnReasons(flow, kind, data, accountOf.get(orgId)?.username === 'school-420100-01')
        : [];
      const problems = reasonProblems(def, data, reasons);
      if (problems.length) throw new Error(`demo campaign: return reason of ${org.name}: ${problems[0].message}`);
      steps.push({ action, to: t.to, x, actor, reasons });
      cur = t.to;
    }
    stories.push({ org, orgId, kind, state, def, data, createX, saveXs, steps });
  }

  const batchList = [...batchX.entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([regionCode, x]) => ({
      regionCode,
      x,
      note: flow.chance(0.5) ? `${regionByCode(regionCode)!.name}经审核报送的第一批需求信息` : '',
      actor: regionActor(regionCode),
      stories: stories.filter(
        (s) => s.org.regionCode === regionCode && s.steps.some((st) => st.action === 'submit_to_province'),
      ),
    }));
  return { expected, stories, batches: batchList };
}
