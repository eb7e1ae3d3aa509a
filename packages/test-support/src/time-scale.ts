/**
 * The suite-wide time scale, for test code that cannot import `@codexkit/testing` (core's tests: testing
 * depends on node, which depends on core, so a dependency on it would be a cycle) and for the vitest configs.
 * It is `@codexkit/testing`'s own implementation, re-exported (the file has no imports), so there is one
 * reading of `CODEXKIT_TEST_TIME_SCALE` in the repository.
 *
 * @module
 */
export { scaledTimeout, testTimeScale } from "../../testing/src/time-scale.js";
