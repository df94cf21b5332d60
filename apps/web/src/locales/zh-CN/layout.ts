export default {
  menu: {
    home: '工作台',
    orgs: '单位管理',
    schools: '技工院校',
    enterprises: '企业',
    ownOrg: '本单位信息',
    accounts: '账号管理',
    reference: '基础数据',
    regions: '地区',
    crosswalk: '专业—职业—产业对照',
    audit: '审计日志',
    password: '修改密码',
  },
  openMenu: '打开菜单',
  userMenu: '用户菜单',
  scopeProvince: '全省',
  demoSession: '示例账号',
  notFound: {
    title: '页面不存在',
    desc: '您访问的页面不存在，或您没有查看它的权限。',
    home: '返回工作台',
  },
};
