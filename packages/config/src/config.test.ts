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

  it('derives the schedule bounds and the User-Agent', () => {
    const config = loadConfig({ FEED_MIN_INTERVAL_MINUTES: '10', FEED_MAX_INTERVAL_HOURS: '12', FETCH_CONTACT: 'ops@example.org' });
    expect(config.feedSchedule).toEqual({ minSeconds: 600, maxSeconds: 43_200, maxBackoffSeconds: 86_400 });
    expect(config.userAgent).toBe('Polywire/0.1 (news ingestion; +ops@example.org)');
    expect(() => loadConfig({ FEED_MIN_INTERVAL_MINUTES: '120', FEED_MAX_INTERVAL_HOURS: '1' })).toThrow(/FEED_MIN_INTERVAL_MINUTES/);
  });

  it('reads the private origins that stay allowed', () => {
    expect(loadConfig({}).FETCH_ALLOWED_PRIVATE_ORIGINS).toEqual([]);
    expect(loadConfig({ FETCH_ALLOWED_PRIVATE_ORIGINS: 'http://127.0.0.1:3001, http://rsshub:1200' }).FETCH_ALLOWED_PRIVATE_ORIGINS).toEqual([
      'http://127.0.0.1:3001',
      'http://rsshub:1200',
    ]);
    expect(() => loadConfig({ FETCH_ALLOWED_PRIVATE_ORIGINS: 'ftp://x' })).toThrow(/FETCH_ALLOWED_PRIVATE_ORIGINS/);
  });

  it('takes a queue prefix wrapped whole in braces, as a Redis Cluster hash tag', () => {
    expect(loadConfig({ QUEUE_PREFIX: '{polywire}' }).QUEUE_PREFIX).toBe('{polywire}');
    for (const bad of ['{poly}wire', 'poly wire', '{}', 'a:b']) expect(() => loadConfig({ QUEUE_PREFIX: bad })).toThrow(/QUEUE_PREFIX/);
  });

  it('needs REDIS_URL and a hash-tagged queue prefix for a Redis Cluster', () => {
    const cluster = { REDIS_CLUSTER: 'true', REDIS_URL: 'redis://10.0.0.5:6379' };
    expect(loadConfig({ ...cluster, QUEUE_PREFIX: '{polywire}' }).REDIS_CLUSTER).toBe(true);
    expect(loadConfig({}).REDIS_CLUSTER).toBe(false);
    expect(() => loadConfig(cluster)).toThrow(/QUEUE_PREFIX: must be a hash tag such as \{polywire\} when REDIS_CLUSTER is on/);
    expect(() => loadConfig({ REDIS_CLUSTER: 'true', QUEUE_PREFIX: '{polywire}' })).toThrow(/REDIS_CLUSTER: needs REDIS_URL/);
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

  it('defaults per-host politeness to 2 requests in flight, 1 s between starts, cool-downs of at most 1 h', () => {
    const config = loadConfig({});
    expect(config.HOST_MAX_CONCURRENCY).toBe(2);
    expect(config.HOST_MIN_GAP_MS).toBe(1000);
    expect(config.HOST_MAX_COOLDOWN_SECONDS).toBe(3600);
  });

  it('reads the per-host politeness settings, a gap of 0 included', () => {
    const config = loadConfig({ HOST_MAX_CONCURRENCY: '4', HOST_MIN_GAP_MS: '0', HOST_MAX_COOLDOWN_SECONDS: '600' });
    expect(config).toMatchObject({ HOST_MAX_CONCURRENCY: 4, HOST_MIN_GAP_MS: 0, HOST_MAX_COOLDOWN_SECONDS: 600 });
  });

  it('refuses politeness settings that would switch politeness off or make no sense', () => {
    let error: unknown;
    try {
      loadConfig({ HOST_MAX_CONCURRENCY: '0', HOST_MIN_GAP_MS: '-5', HOST_MAX_COOLDOWN_SECONDS: 'forever' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('HOST_MAX_CONCURRENCY');
    expect(message).toContain('HOST_MIN_GAP_MS');
    expect(message).toContain('HOST_MAX_COOLDOWN_SECONDS');
  });

  it('keeps every article by default, and reads RETENTION_DAYS as a positive whole number of days', () => {
    expect(loadConfig({}).RETENTION_DAYS).toBeUndefined();
    expect(loadConfig({ RETENTION_DAYS: '' }).RETENTION_DAYS).toBeUndefined();
    expect(loadConfig({ RETENTION_DAYS: '90' }).RETENTION_DAYS).toBe(90);
    for (const bad of ['0', '-3', '1.5', 'forever']) {
      expect(() => loadConfig({ RETENTION_DAYS: bad })).toThrow(/RETENTION_DAYS: must be a positive whole number of days/);
    }
  });
});

describe('dashboard access settings', () => {
  it('leaves the dashboard open on loopback and refuses a reachable HOST without a secret', () => {
    expect(loadConfig({}).DASHBOARD_TOKEN).toBeUndefined();
    expect(loadConfig({ HOST: '::1' }).HOST).toBe('::1');
    for (const host of ['0.0.0.0', '192.168.1.20', '::']) {
      expect(() => loadConfig({ HOST: host })).toThrow(/HOST: .* set DASHBOARD_TOKEN/);
    }
    expect(loadConfig({ HOST: '0.0.0.0', DASHBOARD_TOKEN: 'a-long-enough-token' }).DASHBOARD_TOKEN).toBe('a-long-enough-token');
    expect(loadConfig({ HOST: '0.0.0.0', DASHBOARD_USER: 'ops', DASHBOARD_PASSWORD: 'correct horse battery' }).DASHBOARD_USER).toBe('ops');
  });

  it('names the dashboard variable that is wrong', () => {
    expect(() => loadConfig({ DASHBOARD_TOKEN: 'short' })).toThrow(/DASHBOARD_TOKEN: must be at least 16 characters/);
    expect(() => loadConfig({ DASHBOARD_TOKEN: 'has spaces in it, sixteen+' })).toThrow(/DASHBOARD_TOKEN: letters, digits/);
    expect(() => loadConfig({ DASHBOARD_USER: 'ops' })).toThrow(/DASHBOARD_PASSWORD: must be set together with DASHBOARD_USER/);
    expect(() => loadConfig({ DASHBOARD_READ_ONLY: 'perhaps' })).toThrow(/DASHBOARD_READ_ONLY: must be true or false/);
    expect(loadConfig({ DASHBOARD_READ_ONLY: 'true' }).DASHBOARD_READ_ONLY).toBe(true);
  });

  it('defaults the hardening limits: 16 KiB bodies, 30 s requests, 5 free sign-in failures, delays up to 15 min, 300 failures an hour', () => {
    const config = loadConfig({});
    expect(config.DASHBOARD_HOSTS).toEqual([]);
    expect(config.DASHBOARD_TRUST_PROXY).toBe(false);
    expect(config.DASHBOARD_MAX_BODY_BYTES).toBe(16_384);
    expect(config.DASHBOARD_REQUEST_TIMEOUT_MS).toBe(30_000);
    expect(config.DASHBOARD_LOGIN_FREE_FAILURES).toBe(5);
    expect(config.DASHBOARD_LOGIN_MAX_DELAY_SECONDS).toBe(900);
    expect(config.DASHBOARD_LOGIN_MAX_FAILURES_PER_HOUR).toBe(300);
  });

  it('reads the host names the dashboard answers to, as a URL spells them', () => {
    expect(loadConfig({ DASHBOARD_HOSTS: 'News.Example.org, 10.0.0.7 ,::1,[fd00::2]' }).DASHBOARD_HOSTS).toEqual([
      'news.example.org',
      '10.0.0.7',
      '[::1]',
      '[fd00::2]',
    ]);
    for (const bad of ['news.example.org:443', 'https://news.example.org', 'news.example.org/dashboard', 'a b']) {
      expect(() => loadConfig({ DASHBOARD_HOSTS: bad }), bad).toThrow(/DASHBOARD_HOSTS: .* is not a host name/);
    }
  });

  it('answers to any host name only behind a secret', () => {
    expect(() => loadConfig({ DASHBOARD_HOSTS: '*' })).toThrow(/DASHBOARD_HOSTS: \* needs DASHBOARD_TOKEN/);
    expect(loadConfig({ DASHBOARD_HOSTS: '*', DASHBOARD_TOKEN: 'a-long-enough-token' }).DASHBOARD_HOSTS).toEqual(['*']);
  });

  it('refuses hardening limits that would switch a limit off or make no sense', () => {
    expect(loadConfig({ DASHBOARD_TRUST_PROXY: 'true', DASHBOARD_REQUEST_TIMEOUT_MS: '5000' })).toMatchObject({ DASHBOARD_TRUST_PROXY: true, DASHBOARD_REQUEST_TIMEOUT_MS: 5000 });
    expect(() => loadConfig({ DASHBOARD_TRUST_PROXY: 'sometimes' })).toThrow(/DASHBOARD_TRUST_PROXY: must be true or false/);
    expect(() => loadConfig({ DASHBOARD_REQUEST_TIMEOUT_MS: '0' })).toThrow(/DASHBOARD_REQUEST_TIMEOUT_MS/);
    expect(() => loadConfig({ DASHBOARD_MAX_BODY_BYTES: '100' })).toThrow(/DASHBOARD_MAX_BODY_BYTES/);
    expect(() => loadConfig({ DASHBOARD_LOGIN_FREE_FAILURES: '0' })).toThrow(/DASHBOARD_LOGIN_FREE_FAILURES/);
    expect(() => loadConfig({ DASHBOARD_LOGIN_MAX_DELAY_SECONDS: '1.5' })).toThrow(/DASHBOARD_LOGIN_MAX_DELAY_SECONDS/);
    expect(() => loadConfig({ DASHBOARD_LOGIN_MAX_FAILURES_PER_HOUR: '-1' })).toThrow(/DASHBOARD_LOGIN_MAX_FAILURES_PER_HOUR/);
  });
});
