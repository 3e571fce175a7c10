/** The open-data publisher settings (issue 18): defaults, and a clear boot error naming the variable at fault. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '#app/config.server.ts';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('open-data settings', () => {
  it('have defaults that make a valid catalogue', () => {
    const c = loadConfig({});
    expect([c.OPEN_DATA_PUBLISHER, c.OPEN_DATA_PUBLISHER_TYPE, c.OPEN_DATA_CONTACT_NAME, c.OPEN_DATA_CONTACT_EMAIL]).toEqual(['Samverka', 'LocalAuthority', undefined, 'oppnadata@samverka.local']);
  });

  it('take the municipality that runs the platform', () => {
    const c = loadConfig({ OPEN_DATA_PUBLISHER: ' Malmö stad ', OPEN_DATA_PUBLISHER_TYPE: 'LocalAuthority', OPEN_DATA_CONTACT_NAME: 'Öppna data, Malmö stad', OPEN_DATA_CONTACT_EMAIL: 'oppnadata@malmo.se' });
    expect([c.OPEN_DATA_PUBLISHER, c.OPEN_DATA_CONTACT_NAME, c.OPEN_DATA_CONTACT_EMAIL]).toEqual(['Malmö stad', 'Öppna data, Malmö stad', 'oppnadata@malmo.se']);
  });

  it('refuse a contact that is not a mail address, an unknown publisher type and an empty name, naming each', () => {
    const problems = problemsOf({ OPEN_DATA_CONTACT_EMAIL: 'malmo.se', OPEN_DATA_PUBLISHER_TYPE: 'Municipality', OPEN_DATA_PUBLISHER: ' x ' });
    expect(problems).toHaveLength(3);
    expect(problems.find((p) => p.startsWith('OPEN_DATA_CONTACT_EMAIL:'))).toMatch(/mail address/);
    expect(problems.find((p) => p.startsWith('OPEN_DATA_PUBLISHER_TYPE:'))).toMatch(/LocalAuthority/);
    expect(problems.find((p) => p.startsWith('OPEN_DATA_PUBLISHER:'))).toMatch(/at least 2/);
  });
});
