import { ValidationError } from '../errors';

/** The vendor asked for (the configured one when none), refused when no data names it. */
export function resolveReportVendor(asked: string | null, known: string[], fallback: string): string {
  const vendor = asked ?? fallback;
  if (!known.includes(vendor))
    throw new ValidationError('Unknown vendor.', {
      vendor: [`No data names the vendor "${vendor}"; choose one of ${known.join(', ')}.`],
    });
  return vendor;
}
