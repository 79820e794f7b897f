/**
 * Jest's node environment with the typed-array constructors of the process itself. onnxruntime-node's native
 * binding returns its outputs as the process's Float32Array, while modules loaded by Jest check them against
 * the sandbox's own Float32Array (another realm), so every inference failed under Jest only
 * (microsoft/onnxruntime#16622). Sharing the constructors makes the two realms agree, as they do in production.
 */
const { TestEnvironment } = require("jest-environment-node");

const TYPED_ARRAYS = [
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
];

class SharedTypedArraysEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = SharedTypedArraysEnvironment;
