import { PayloadTooLargeError, ValidationError } from '../errors';

/** Reads a JSON body of at most `maxBytes`; a larger body is refused before it is parsed. */
export async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new PayloadTooLargeError(`The request is larger than ${maxBytes} bytes.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes)
    throw new PayloadTooLargeError(`The request is larger than ${maxBytes} bytes.`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('The request body is not valid JSON.');
  }
}
