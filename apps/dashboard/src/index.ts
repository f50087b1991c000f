export { createDashboardApp, type DashboardServer, startDashboard } from './server.js';
