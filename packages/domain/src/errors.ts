// Every error code the API can answer, with the Chinese message the web shows for it.
// The server throws AppError(status, code, ...) with one of these codes; the web maps code → text here,
// so a message is written once and both sides agree.
export const ERROR_MESSAGES = {
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
  username_taken: '用户名已存在',
  weak_password: '密码不符合要求：至少 8 位，且包含大写字母、小写字母、数字、符号中的至少三类',
  wrong_password: '原密码不正确',
  unknown_reference: '引用的代码不存在',
  region_mismatch: '只能管理本地区的单位',
  dict_code_taken: '该代码已存在',
  rate_limited: '请求过于频繁，请稍后再试',
  internal_error: '系统内部错误，请稍后重试或联系管理员',
  service_unavailable: '服务暂不可用',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export function errorMessage(code: string): string {
  return (ERROR_MESSAGES as Record<string, string>)[code] ?? ERROR_MESSAGES.internal_error;
}
