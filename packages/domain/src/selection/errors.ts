/**
 * Error codes of the demonstration selection, with the Chinese text the web shows. They are merged into errors.ts's
 * ERROR_MESSAGES, so the web maps them like every other code.
 */
export const SELECTION_ERROR_MESSAGES = {
  conflict_of_interest: '已声明利益冲突，不能对该项目评分',
  declaration_required: '请先声明与该项目是否存在利益冲突',
  already_declared: '已就该项目作出利益冲突声明，不能重复声明',
  not_assigned: '您不是本轮遴选的评审专家',
  already_nominated: '该项目已被推荐，不能重复推荐',
  not_enough_scores: '有项目的有效评分不足 3 份，不能确定拟入选名单',
  outside_notice_period: '不在公示期内，不受理异议',
  notice_not_over: '公示期尚未结束，不能发布遴选结果',
  objections_open: '还有未处理的异议，不能发布遴选结果',
  not_experts: '所选用户不是评审专家',
} as const;

export type SelectionErrorCode = keyof typeof SELECTION_ERROR_MESSAGES;
