import { PayloadTooLargeError } from '../errors';

/**
 * Reads a request body as UTF-8 text, refusing (413) as soon as it passes `maxBytes` — by the declared
 * Content-Length first, then while streaming, so an oversized body is never buffered whole.
 */
export async function readTextLimited(request: Request, maxBytes: number): Promise<string> {
  const length = request.headers.get('content-length');
  const declared = Number(length ?? '0');
  if (declared > maxBytes) throw new PayloadTooLargeError(`The request body is larger than ${maxBytes} bytes.`);
  if (!request.body) return '';
  // With a Content-Length, Node's HTTP parser delivers exactly that many bytes: read it whole (faster), then
  // check anyway, for Requests built by hand.
  if (length !== null && /^\d+$/.test(length)) {
    const text = await request.text();
    if (Buffer.byteLength(text) > maxBytes)
      throw new PayloadTooLargeError(`The request body is larger than ${maxBytes} bytes.`);
    return text;
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLargeError(`The request body is larger than ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}
