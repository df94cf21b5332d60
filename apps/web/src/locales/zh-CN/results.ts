export default {
  menu: { selection: '示范项目遴选', results: '成果发布', cases: '典型案例' },
};
