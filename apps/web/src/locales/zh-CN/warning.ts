export default {
  menu: { warning: '专业预警', assessment: '年度考核' },
};
