import { fileURLToPath } from 'node:url';

export const TEMPLATE_FILE = fileURLToPath(
  new URL('../../../node_modules/.cache/cjrh/pglite-template.tar', import.meta.url),
);
/** One template per test run (the global setup's pid, passed to workers through the environment), so
 * parallel runs on one server do not collide. */
export const pgTemplateName = () => process.env.CJRH_TPL ?? `cjrh_tpl_${process.pid}`;
