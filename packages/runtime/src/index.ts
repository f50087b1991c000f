export { createPoliteHttpClient, DEFAULT_429_COOLDOWN_SECONDS, type PoliteHttpOptions } from './polite-http.js';
export { createRuntime, exitOnSignal, HOST_SLOT_MAX_WAIT_MS, type Runtime, type RuntimeOptions } from './runtime.js';
export { createMetrics, type Metrics, type MetricSources, type MetricsServer, type Stage, startMetricsServer } from './metrics.js';
export { type Served, served } from './served.js';
