export { type Config, ConfigError, isLoopbackHost, loadConfig } from './config.js';
export { createLogger, type Logger } from './logger.js';
