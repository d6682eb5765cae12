// .env.example is the deployment's starting point: filled in with only its Required values it must start every process,
// it must list every variable the config reads, and an empty value must mean "unset" for each of them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { monitorSettings } from '../monitor/settings';
import { REQUIRED_CONFIG_ENV } from '../test/support/config-env';
import { CONFIG_VARIABLES, loggingConfig, parseConfig, requestDeadlineMs } from './config';

const root = path.resolve(import.meta.dirname, '..');
const exampleText = readFileSync(path.join(root, '.env.example'), 'utf8');
const example = parseEnv(exampleText) as Record<string, string>;

/** The secrets a deployment must supply; .env.example leaves them empty. The monitor adds the synthetic user's password. */
const APP_SECRETS = {
  AUTH_SECRET: 'a'.repeat(32),
  VENDOR_API_SECRET: 'vendor-api-secret-0123',
  VENDOR_WEBHOOK_SECRET: 'whsec_dmVuZG9yLXdlYmhvb2stc2VjcmV0',
  SENDGRID_API_KEY: 'SG.example',
  SENDGRID_EVENT_PUBLIC_KEY: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE',
};
const MONITOR_SECRETS = { MONITOR_SYNTHETIC_PASSWORD: 'synthetic-password' };

/** The variable names a ConfigError lists, one per "  NAME: problem" line. */
function namedVariables(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    return [...String((error as Error).message).matchAll(/^ {2}([A-Z_]+):/gm)].map((m) => m[1]!).sort();
  }
  return [];
}

describe('.env.example', () => {
  it('as checked in, is refused naming exactly the required secrets it leaves empty', () => {
    expect(namedVariables(() => parseConfig(example))).toEqual(Object.keys(APP_SECRETS).sort());
  });

  it('with only the required secrets filled in, starts the web app, the worker and the monitor', () => {
    const config = parseConfig({ ...example, ...APP_SECRETS, ...MONITOR_SECRETS });
    expect(config.LOG_PRETTY).toBeUndefined();
    expect(config.VENDOR_EMBED_URL).toBe(config.VENDOR_API_URL);
    expect(config.TRUSTED_PROXIES).toEqual([]);
    expect(config.MONITOR_ALERT_EMAIL_TO).toEqual([]);
    expect(config.MONITOR_JOURNEY_FORWARDED_FOR).toBeUndefined();
    expect(config.CHROMIUM_PATH).toBeUndefined();
    const settings = monitorSettings(config);
    expect(settings.enabled).toEqual(['chat-journey', 'vendor-api', 'reconciliation', 'pipeline', 'app-sign-in']);
    expect(settings.dashboardUrl).toBe(config.APP_URL);
  });

  it('without the synthetic password, the monitor (running chat-journey) names it', () => {
    const config = parseConfig({ ...example, ...APP_SECRETS });
    expect(namedVariables(() => monitorSettings(config))).toEqual(['MONITOR_SYNTHETIC_PASSWORD']);
  });

  it('lists every variable lib/config.ts reads, and nothing else but the local stack ports', () => {
    const localStackOnly = ['PORT', 'SANDBOX_PORT', 'EMBEDDED_PG_PORT'];
    expect(Object.keys(example).sort()).toEqual([...CONFIG_VARIABLES, ...localStackOnly].sort());
  });

  it('and docs/configuration.md explains each of them', () => {
    const docs = readFileSync(path.join(root, 'docs', 'configuration.md'), 'utf8');
    for (const name of Object.keys(example)) expect(docs, name).toContain(`\`${name}\``);
  });
});

describe('an empty value means unset', () => {
  const full = { ...REQUIRED_CONFIG_ENV };
  const outcome = (env: Record<string, string>) => {
    try {
      return { config: parseConfig(env) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };

  it.each(CONFIG_VARIABLES.map((name) => [name]))('%s= parses as if it were not set', (name) => {
    const without: Record<string, string> = { ...full };
    delete without[name];
    expect(outcome({ ...full, [name]: '' })).toEqual(outcome(without));
  });
});

describe('LOG_PRETTY', () => {
  it('is read one way by the config and the logger: true/1 pretty, false/0 JSON, empty or unset by NODE_ENV', () => {
    const cases: [Record<string, string>, boolean][] = [
      [{ LOG_PRETTY: 'true', NODE_ENV: 'production' }, true],
      [{ LOG_PRETTY: '1', NODE_ENV: 'production' }, true],
      [{ LOG_PRETTY: 'false', NODE_ENV: 'development' }, false],
      [{ LOG_PRETTY: '0', NODE_ENV: 'development' }, false],
      [{ LOG_PRETTY: '', NODE_ENV: 'production' }, false],
      [{ LOG_PRETTY: '', NODE_ENV: 'development' }, true],
      [{ NODE_ENV: 'production' }, false],
    ];
    for (const [env, pretty] of cases) {
      expect(loggingConfig(env).pretty, JSON.stringify(env)).toBe(pretty);
      const parsed = parseConfig({ ...REQUIRED_CONFIG_ENV, ...env });
      expect(parsed.LOG_PRETTY ?? parsed.NODE_ENV !== 'production', JSON.stringify(env)).toBe(pretty);
    }
  });

  it('a malformed value is refused at start but does not stop the logger (it falls back to the default)', () => {
    expect(namedVariables(() => parseConfig({ ...REQUIRED_CONFIG_ENV, LOG_PRETTY: 'yes' }))).toEqual(['LOG_PRETTY']);
    expect(loggingConfig({ LOG_PRETTY: 'yes', LOG_LEVEL: 'loud', NODE_ENV: 'production' })).toEqual({
      level: 'info',
      pretty: false,
    });
  });
});

describe('the request deadline on its own (every route reads it before its handler)', () => {
  it('is the value parseConfig reads, without needing the rest of the configuration', () => {
    expect(requestDeadlineMs({ REQUEST_DEADLINE_MS: '9000' })).toBe(9000);
    expect(requestDeadlineMs({ REQUEST_DEADLINE_MS: '9000' })).toBe(
      parseConfig({ ...REQUIRED_CONFIG_ENV, REQUEST_DEADLINE_MS: '9000' }).REQUEST_DEADLINE_MS,
    );
    expect(requestDeadlineMs({})).toBe(parseConfig(REQUIRED_CONFIG_ENV).REQUEST_DEADLINE_MS);
  });

  it('falls back to the default on a malformed value, which parseConfig refuses at start', () => {
    expect(namedVariables(() => parseConfig({ ...REQUIRED_CONFIG_ENV, REQUEST_DEADLINE_MS: 'soon' }))).toEqual([
      'REQUEST_DEADLINE_MS',
    ]);
    expect(requestDeadlineMs({ REQUEST_DEADLINE_MS: 'soon' })).toBe(requestDeadlineMs({}));
  });
});
