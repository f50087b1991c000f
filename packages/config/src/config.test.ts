import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.DATA_DIR).toBe(path.resolve('./data'));
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.FETCH_ALLOW_PRIVATE_NETWORKS).toBe(false);
    expect(config.FEEDS_FILE.endsWith(path.join('infra', 'feeds', 'world.opml'))).toBe(true);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ REDIS_URL: '', PORT: '' }).REDIS_URL).toBeUndefined();
  });

  it('parses booleans and numbers', () => {
    const config = loadConfig({ FETCH_ALLOW_PRIVATE_NETWORKS: 'true', PORT: '8080' });
    expect(config.FETCH_ALLOW_PRIVATE_NETWORKS).toBe(true);
    expect(config.PORT).toBe(8080);
  });

  it('names every invalid variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x/y', FETCH_ALLOW_PRIVATE_NETWORKS: 'maybe' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL: must start with postgres: or postgresql:');
    expect(message).toContain('FETCH_ALLOW_PRIVATE_NETWORKS: must be true or false');
  });
});
