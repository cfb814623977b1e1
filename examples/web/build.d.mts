// Types of build.mjs, for TypeScript callers (the browser test).
export declare function buildPage(outDir: string): Promise<{ appBytes: number }>;
export declare function buildModel(outDir: string, opts?: { epochs?: number }): { bundleBytes: number };
export declare function serve(dir: string, opts?: { port?: number; host?: string }): Promise<{ url: string; close(): Promise<void> }>;
