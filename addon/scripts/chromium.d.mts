export declare const chromiumArgs: string[]
export declare const systemPaths: string[]
export declare function chromiumPath(env?: NodeJS.ProcessEnv, exists?: (path: string) => boolean): string | undefined
export declare function launchOptions(env?: NodeJS.ProcessEnv): { executablePath?: string, args: string[] }
