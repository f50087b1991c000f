export { type Config, ConfigError, hostName, isLoopbackHost, loadConfig } from './config.js';
export { createLogger, type Logger } from './logger.js';
