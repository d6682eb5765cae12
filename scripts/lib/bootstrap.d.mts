// Types for bootstrap.mjs, which stays plain JavaScript because it runs before dependencies (and tsx) are installed.
export function installCommand(dir?: string): string[];
export function ensureDependencies(): void;
export function ensurePrismaClient(): void;
export function runTypeScript(entry: string, args?: string[]): Promise<void>;
export function bootstrap(): void;
