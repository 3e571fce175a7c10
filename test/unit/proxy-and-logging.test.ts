import type { ServerBuild } from '@remix-run/node';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '#app/config.server.ts';
import { createLogger } from '#app/log.server.ts';
import { clientAddress, routePattern } from '#app/server/http.server.ts';

describe('TRUST_PROXY', () => {
  const trust = (value: string | undefined) => loadConfig({ TRUST_PROXY: value }).TRUST_PROXY;
  const problem = (value: string) => {
    try {
      loadConfig({ TRUST_PROXY: value });
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    throw new Error(`TRUST_PROXY=${value} was accepted`);
  };

  it('is off unless set', () => {
    expect(trust(undefined)).toBe(false);
    expect(trust('')).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('0')).toBe(false);
  });

  it('takes a number of hops, or addresses, CIDR ranges and Express keywords', () => {
    expect(trust('2')).toBe(2);
    expect(trust('loopback')).toEqual(['loopback']);
    expect(trust('10.0.0.0/8, 192.168.1.7,uniquelocal, ::1')).toEqual(['10.0.0.0/8', '192.168.1.7', 'uniquelocal', '::1']);
  });

  it('refuses what would trust everyone or is not an address, naming the variable', () => {
    expect(problem('true')).toMatch(/TRUST_PROXY: "true" would trust every peer/);
    expect(problem('proxy.internal')).toMatch(/TRUST_PROXY: .*invalid IP address: proxy\.internal/);
    expect(problem('10.0.0.0/33')).toMatch(/TRUST_PROXY: .*invalid range on address: 10\.0\.0\.0\/33/);
    expect(problem('10.0.0.1,,10.0.0.2')).toMatch(/TRUST_PROXY: an empty entry/);
    expect(problem('99')).toMatch(/TRUST_PROXY: at most 10 proxy hops/);
  });
});

describe('the client address', () => {
  it('writes IPv4 as IPv4 when a dual-stack socket maps it into IPv6', () => {
    expect(clientAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddress('2001:db8::1')).toBe('2001:db8::1');
    expect(clientAddress('::ffff:2001:db8')).toBe('::ffff:2001:db8');
    expect(clientAddress(undefined)).toBeNull();
  });
});

describe('LOG_LEVEL', () => {
  it('defaults to info and accepts pino levels only', () => {
    expect(loadConfig({}).LOG_LEVEL).toBe('info');
    expect(loadConfig({ LOG_LEVEL: 'silent' }).LOG_LEVEL).toBe('silent');
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});

describe('the route a request line records', () => {
  const route = (id: string, path: string | undefined, parentId: string | null = 'root', index?: boolean) => ({ id, path, parentId: parentId ?? undefined, index });
  const routes = Object.fromEntries(
    [
      route('root', '', null),
      route('routes/site/home', undefined, 'root', true),
      route('routes/accounts/reset-password', 'aterstall-losenord/:token'),
      route('routes/groups/invitation', 'grupper/inbjudan/:token'),
      route('routes/groups/group/layout', 'grupper/:slug'),
      route('routes/groups/group/overview', undefined, 'routes/groups/group/layout', true),
      route('routes/groups/group/calendar-feed', 'kalender/:token', 'routes/groups/group/layout'),
      route('routes/site/not-found', '*'),
    ].map((r) => [r.id, r]),
  ) as unknown as ServerBuild['routes'];

  it('is the path pattern, never a token from the path', () => {
    expect(routePattern(routes, '/')).toBe('/');
    expect(routePattern(routes, '/aterstall-losenord/abc123secret')).toBe('/aterstall-losenord/:token');
    expect(routePattern(routes, '/grupper/inbjudan/abc123secret')).toBe('/grupper/inbjudan/:token');
    expect(routePattern(routes, '/grupper/trygg-i-rosengard')).toBe('/grupper/:slug');
    expect(routePattern(routes, '/grupper/trygg/kalender/abc123secret')).toBe('/grupper/:slug/kalender/:token');
    expect(routePattern(routes, '/aterstall-losenord/abc123secret/extra')).toBe('/*');
  });

  it('keeps the .data suffix of single-fetch requests', () => {
    expect(routePattern(routes, '/grupper/trygg.data')).toBe('/grupper/:slug.data');
    expect(routePattern(routes, '/_root.data')).toBe('/.data');
  });
});

describe('the logger', () => {
  it('redacts secret keys wherever a caller puts them, and query parameters in database errors', () => {
    const out: string[] = [];
    const log = createLogger({ level: 'info', destination: { write: (line: string) => void out.push(line) } });
    log.info({ password: 'pw-1', form: { newPassword: 'pw-2', token: 'tok-3' }, headers: { cookie: 'samverka_session=tok-4', authorization: 'Bearer tok-5' } }, 'careless');
    log.info({ config: { SMTP_URL: 'smtp://u:pw-6@h', MEILI_MASTER_KEY: 'key-7', DATABASE_URL: 'postgres://u:pw-8@h/db' } }, 'careless');
    const queryError = Object.assign(new Error('Failed query: select * from users where email = $1\nparams: person@x.se'), { params: ['person@x.se'] });
    log.error({ err: queryError }, 'failed');
    const all = out.join('');
    for (const secret of ['pw-1', 'pw-2', 'tok-3', 'tok-4', 'tok-5', 'pw-6', 'key-7', 'pw-8', 'person@x.se']) expect(all).not.toContain(secret);
    const failed = JSON.parse(out[2]!) as { level: string; err: { message: string; stack: string } };
    expect(failed.level).toBe('error');
    expect(failed.err.message).toBe('Failed query: select * from users where email = $1\nparams: [redacted]');
    expect(failed.err.stack).toContain('params: [redacted]');
  });
});
