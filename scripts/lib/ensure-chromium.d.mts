// Types of ensure-chromium.mjs (plain JS: it runs before dependencies exist).
export declare function systemChromium(
  env?: Record<string, string | undefined>,
  exists?: (path: string) => boolean,
): string | null;
export declare const INSTALL_HELP: string;
export declare function ensureChromium(options?: {
  env?: Record<string, string | undefined>;
  run?: (command: string, args: string[], options: object) => { status: number | null };
  isRoot?: boolean;
  apt?: () => boolean;
  exists?: (path: string) => boolean;
}): string | null;
