import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/v7.ts"],
  format: ["esm"],
  dts: {
    // @internal members (the model's constructor taking the provider runtime) stay out of the declarations
    compilerOptions: { stripInternal: true },
    // the LanguageModelV4 types (@ai-sdk/provider 4, a devDependency: nothing of it runs) are copied into
    // dist/v7.d.ts, so installing the package never pulls @ai-sdk/provider 4 (Node >= 22) onto Node 20; so are
    // the JSON Schema types they use (@types/json-schema, a devDependency), which a user need not have installed
    resolve: ["@ai-sdk/provider-v4", "json-schema"],
  },
  sourcemap: true,
  clean: true,
  target: "node20",
});
