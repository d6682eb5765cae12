import { getConfig } from '../config';

/** Where Chromium loads printable pages from: REPORT_RENDER_URL, else APP_URL (no trailing slash). */
export function renderBaseUrl(): string {
  const config = getConfig();
  return (config.REPORT_RENDER_URL ?? config.APP_URL).replace(/\/+$/, '');
}
