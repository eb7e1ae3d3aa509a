/** The version of @codexkit/node (replaced at build time from package.json). */
export const VERSION: string = __CODEXKIT_VERSION__;
