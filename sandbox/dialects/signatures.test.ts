import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { sendbirdWebhookHeaders } from './sendbird/sign';
import { twilioWebhookHeaders } from './twilio/sign';

// The sandbox's own signers, checked by parties other than our product: Twilio's official library verifies the
// Twilio signature; Sendbird publishes no library or vector, so an openssl-computed vector pins its HMAC.

describe("the sandbox's vendor webhook signatures", () => {
  it("Twilio: twilio.validateRequest accepts the sandbox's X-Twilio-Signature, and refuses it for another body", () => {
    const token = '0123456789abcdef0123456789abcdef';
    const url = 'https://market.example/api/webhooks/chat?conversation=project_1';
    const params = { EventType: 'onMessageAdded', Body: 'hi there', Author: 'user_client', Index: '0' };
    const body = new URLSearchParams(params).toString();
    const headers = twilioWebhookHeaders(token)('evt_1', body, new Date(), 1, url);
    expect(headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(headers['i-twilio-idempotency-token']).toBe('evt_1');
    expect(twilio.validateRequest(token, headers['x-twilio-signature']!, url, params)).toBe(true);
    expect(twilio.validateRequest(token, headers['x-twilio-signature']!, url, { ...params, Body: 'other' })).toBe(
      false,
    );
  });

  it('Sendbird: x-sendbird-signature matches `openssl dgst -sha256 -hmac` of the body', () => {
    // printf '%s' '{"category":"group_channel:message_send"}' | openssl dgst -sha256 -hmac 'master-token-0123456789'
    const headers = sendbirdWebhookHeaders('master-token-0123456789')(
      'evt_1',
      '{"category":"group_channel:message_send"}',
    );
    expect(headers['x-sendbird-signature']).toBe('a141ea942a86629bee61a950577c89f44f11abc265021a39f8b502d53a011791');
  });
});
