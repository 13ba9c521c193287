export declare const chromiumArgs: string[]
export declare function chromiumPath(env?: NodeJS.ProcessEnv): string | undefined
export declare function launchOptions(env?: NodeJS.ProcessEnv): { executablePath?: string, args: string[] }
