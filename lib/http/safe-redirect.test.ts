import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from './safe-redirect';

// Redirect targets from the request (`/sign-in?next=…`) must resolve to our own origin. Each hostile value is
// what the query parameter decodes to; the check is how a browser would read the Location we would send.

const OURS = 'https://app.example';
const resolvesToUs = (location: string) => new URL(location, OURS).origin === OURS;

describe('safeRedirectPath', () => {
  it('keeps paths on our origin, with their query and fragment', () => {
    expect(safeRedirectPath('/projects/p1?tab=chat#m3', '/projects')).toBe('/projects/p1?tab=chat#m3');
    expect(safeRedirectPath(['/status', '/other'], '/projects')).toBe('/status');
  });

  it('refuses every target that leaves our origin or breaks the Location header', () => {
    const hostile = [
      '/\t/evil.example', // ?next=%2F%09%2Fevil.example: browsers drop the tab and follow //evil.example
      '/\n/x', // ?next=/%0A/x: a newline in Location was a 500
      '/\r\n/evil.example',
      '//evil.example',
      '/\\evil.example',
      '/\\/evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      ' /projects',
      '/.//evil.example',
      '/%09/evil.example/../..//evil.example',
      '/x\u0000',
      '',
    ];
    for (const value of hostile) {
      const result = safeRedirectPath(value, '/projects');
      expect(resolvesToUs(result), JSON.stringify(value)).toBe(true);
      expect(result.startsWith('//'), JSON.stringify(value)).toBe(false);
      expect(/[\u0000-\u001f\\]/.test(result), JSON.stringify(value)).toBe(false);
    }
    expect(safeRedirectPath('/\t/evil.example', '/projects')).toBe('/projects');
    expect(safeRedirectPath(undefined, '/projects')).toBe('/projects');
  });
});
