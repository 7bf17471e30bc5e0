// Bundles the action (built by tsc into lib/) into one ES module, dist/index.js, which
// the runner executes. The library is not bundled: package.json "exports" points at lib/.
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';

export default {
  input: 'lib/action/index.js',
  output: {
    file: 'dist/index.js',
    format: 'es',
    esModule: true,
    // one file: dynamic imports are inlined so dist/ is a single committed artifact
    inlineDynamicImports: true,
    sourcemap: false
  },
  plugins: [
    nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
    // CommonJS dependencies (undici under @actions/http-client) require Node built-ins inside
    // try/catch; an ES module has no `require`, so turn those into imports instead of leaving them to fail
    commonjs({ ignoreTryCatch: (id) => !id.startsWith('node:') }),
    json()
  ],
  onwarn(warning, warn) {
    // dependencies (ajv, @actions/*) have circular imports and `this` at module level; both are harmless
    if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  }
};
