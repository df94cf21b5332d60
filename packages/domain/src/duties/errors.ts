// Error codes of the notice's layout, specialty, teacher and office duties (merged into ERROR_MESSAGES).
export const DUTY_ERROR_MESSAGES = {
  flagship_limit: '每个市州最多认定 2 所龙头技工院校，请先取消一所再认定',
  county_mismatch: '所选县（市、区）不属于该单位所在市州',
  no_confirmed_partner: '新专业申请须至少有一家合作企业在本单位账号中确认参与',
  application_state: '申请当前状态不允许此操作',
  specialty_exists: '该专业已在本校专业目录中',
  decision_state: '该处置决定已办结，不能再修改',
  practice_overlap: '与该教师已有的企业实践记录时间重叠，请核对日期',
} as const;
