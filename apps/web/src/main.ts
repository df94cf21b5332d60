import { createApp } from 'vue';
import { createPinia } from 'pinia';
// Element Plus is imported per component (unplugin-vue-components in vite.config.ts adds each template's
// component and its CSS to the chunk that uses it; docs/decisions/0030-element-plus-on-demand.md). What templates do
// not name is set up here: the zh-CN locale for every component, the message services called from scripts
// (their CSS with them) and the v-loading directive.
import { ElMessage, ElMessageBox, provideGlobalConfig, vLoading } from 'element-plus';
import 'element-plus/es/components/base/style/css';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import 'element-plus/es/components/loading/style/css';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import './styles/main.css';
import App from './App.vue';
import { router } from './router';
import { ApiError } from './api/http';
import { errorMessage } from '@cjrh/domain';

const app = createApp(App);
app.use(createPinia());
app.use(router);
// As app.use(ElementPlus, { locale }) did, without pulling in every component: the locale is provided app-wide,
// and the services get the app's context, so a confirmation box says 确定/取消 rather than OK/Cancel.
provideGlobalConfig({ locale: zhCn }, app, true);
app.use(ElMessage).use(ElMessageBox);
app.directive('loading', vLoading);

// Last line of defence: an error nobody handled still tells the user something in Chinese.
app.config.errorHandler = (err) => {
  console.error(err);
  ElMessage.error(err instanceof ApiError ? err.message : errorMessage('internal_error'));
};

app.mount('#app');
