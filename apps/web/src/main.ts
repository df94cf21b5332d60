import { createApp } from 'vue';
import { createPinia } from 'pinia';
import ElementPlus, { ElMessage } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import './styles/main.css';
import App from './App.vue';
import { router } from './router';
import { ApiError } from './api/http';
import { errorMessage } from '@cjrh/domain';

const app = createApp(App);
app.use(createPinia());
app.use(router);
app.use(ElementPlus, { locale: zhCn });

// Last line of defence: an error nobody handled still tells the user something in Chinese.
app.config.errorHandler = (err) => {
  console.error(err);
  ElMessage.error(err instanceof ApiError ? err.message : errorMessage('internal_error'));
};

app.mount('#app');
