declare const __CODEXKIT_VERSION__: string;
