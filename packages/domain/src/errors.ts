// Every error code the API can answer, with the Chinese message the web shows for it.
// The server throws AppError(status, code, ...) with one of these codes; the web maps code → text here,
// so a message is written once and both sides agree.
import { SELECTION_ERROR_MESSAGES } from './selection/errors';

export const ERROR_MESSAGES = {
  ...SELECTION_ERROR_MESSAGES,
  bad_request: '请求格式不正确',
  validation_failed: '提交的内容有误，请检查后重试',
  invalid_json: '请求内容不是合法的 JSON',
  body_too_large: '提交的内容过大',
  unsupported_media_type: '不支持的内容类型',
  unauthenticated: '请先登录',
  session_expired: '登录已超时，请重新登录',
  invalid_credentials: '用户名或密码错误',
  account_locked: '连续登录失败次数过多，账号已锁定 15 分钟',
  account_disabled: '账号已停用，请联系管理员',
  forbidden: '没有权限执行此操作',
  not_found: '记录不存在或无权查看',
  route_not_found: '接口不存在',
  method_not_allowed: '不支持的请求方法',
  conflict: '数据已被他人修改，请刷新后重试',
  version_conflict: '数据已被他人修改，请刷新后重试',
  uscc_invalid: '统一社会信用代码不正确',
  uscc_duplicate: '该统一社会信用代码已被其他单位使用',
  org_name_duplicate: '已有其他单位使用该名称',
  username_taken: '用户名已存在',
  weak_password: '密码不符合要求：至少 8 位，且包含大写字母、小写字母、数字、符号中的至少三类',
  wrong_password: '原密码不正确',
  unknown_reference: '引用的代码不存在',
  region_mismatch: '只能管理本地区的单位',
  dict_code_taken: '该代码已存在',
  rate_limited: '请求过于频繁，请稍后再试',
  campaign_exists: '该年度的专项行动已存在',
  campaign_closed: '该年度专项行动已结束，不能再修改',
  deadline_order: '截止日期顺序不正确',
  quota_unbalanced: '各地区任务数之和与全省总数不一致',
  illegal_transition: '当前状态不允许此操作',
  forbidden_transition: '无权执行此操作',
  form_locked: '表单已锁定，不能修改',
  field_locked: '只能修改被退回的字段或行',
  form_invalid: '表单内容有误，请根据提示修改后再提交',
  reasons_required: '退回时须填写退回原因',
  nothing_to_submit: '没有可报送的已审核表单',
  not_expected: '本单位不在本年度的填报范围内',
  file_too_large: '文件超过 20 MB',
  file_type: '只接受 .xlsx 格式的 Excel 文件',
  file_macro: '不接受含宏的工作簿（.xlsm）',
  file_encrypted: '工作簿已加密，请取消密码保护后再上传',
  file_corrupt: '文件已损坏或不是有效的 Excel 工作簿',
  template_mismatch: '工作簿与模板版本不一致，请下载最新模板',
  import_failed: '导入失败：有错误的行，数据未保存',
  internal_error: '系统内部错误，请稍后重试或联系管理员',
  service_unavailable: '服务暂不可用',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export function errorMessage(code: string): string {
  return (ERROR_MESSAGES as Record<string, string>)[code] ?? ERROR_MESSAGES.internal_error;
}
