/**
 * Conflicts of interest (利益冲突回避). Before scoring a nomination an expert declares whether it has a conflict; a
 * conflicted expert does not score it and its score (if any) is left out of the final score. The platform itself
 * records a conflict, without asking, when the expert's own organisation is a party of the project's agreement —
 * an expert cannot declare that away.
 */
export const AUTO_CONFLICT_REASON = '系统认定：专家所在单位是该项目合作协议的一方';

export function isAutomaticConflict(
  expertOrgId: number | null | undefined,
  agreementPartyOrgIds: readonly number[],
): boolean {
  return expertOrgId != null && agreementPartyOrgIds.includes(expertOrgId);
}
