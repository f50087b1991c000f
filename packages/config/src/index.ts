export { type Config, ConfigError, loadConfig } from './config.js';
export { createLogger, type Logger } from './logger.js';
