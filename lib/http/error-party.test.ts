import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { VendorApiError } from '../chat-provider/errors';
import { fallbackCauseOfAnswer, fallbackCauseOfError } from '../chat-provider/fallback-cause';
import { NotFoundError } from '../errors';
import { componentOfErrorAnswer, ERROR_CODE_HEADER } from './error-party';
import { errorResponse } from './error-response';

// Who is at fault for an error answer of ours is decided by its wire code, which every error answer states in a
// header: a 502 vendor_unavailable is the vendor's API, relayed; our other errors, and answers without a code, are ours.

const log = pino({ level: 'silent' });

describe('error answers name their cause', () => {
  it('carry their wire code in a header, so the monitor can tell a relayed vendor failure from ours', async () => {
    const vendor = errorResponse(new VendorApiError('sandbox answered 503', 503, true), 'req-1', log);
    expect(vendor.status).toBe(502);
    expect(vendor.headers.get(ERROR_CODE_HEADER)).toBe('vendor_unavailable');
    expect(((await vendor.json()) as { error: { code: string } }).error.code).toBe('vendor_unavailable');
    expect(errorResponse(new Error('bug'), 'req-2', log).headers.get(ERROR_CODE_HEADER)).toBe('internal');
    expect(errorResponse(new NotFoundError('no'), 'req-3', log).headers.get(ERROR_CODE_HEADER)).toBe('not_found');
  });

  it('map to a component by code, never by status class', () => {
    expect(componentOfErrorAnswer('vendor_unavailable')).toBe('vendor_api');
    expect(componentOfErrorAnswer('internal')).toBe('app');
    expect(componentOfErrorAnswer('unavailable')).toBe('app');
    expect(componentOfErrorAnswer(null)).toBe('app');
    expect(componentOfErrorAnswer('constructor')).toBe('app');
  });
});

describe('why the project page falls back', () => {
  it("is the vendor's API when opening the chat threw VendorApiError (down, or past our deadline), else ours", () => {
    expect(fallbackCauseOfError(new VendorApiError('down', 503, true))).toBe('vendor-api');
    expect(fallbackCauseOfError(new VendorApiError('no answer', null, true, { vendorCode: 'DEADLINE' }))).toBe(
      'vendor-api',
    );
    expect(fallbackCauseOfError(new Error('Can’t reach database server'))).toBe('ours');
  });

  it("follows our embed endpoint's answer code on the page's background attempts", () => {
    expect(fallbackCauseOfAnswer('vendor_unavailable')).toBe('vendor-api');
    expect(fallbackCauseOfAnswer('unavailable')).toBe('ours');
    expect(fallbackCauseOfAnswer(null)).toBe('ours');
  });
});
