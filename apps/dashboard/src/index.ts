export type { ApiType } from './api/index.js';
export { createDashboardApp, type DashboardServer, startDashboard } from './server.js';
