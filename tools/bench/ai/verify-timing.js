'use strict';
// Times verification inside a real generate run, stage by stage, without changing what it does:
// the verifier's factory and two of its stages are wrapped where core's compiled modules export
// them (implement-handlers.js calls `create_verifier_1.createVerifier(...)` through the exports
// object at call time, as does create-verifier.js for the typechecker and the policy), and the
// conformance check is wrapped where the benchmark passes it in. Benchmark instrumentation only.
const now = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * @returns {{ stats: object, timedConformanceCheck(check: Function): Function, missing: string[] }}
 *   `missing`: the exports that were not there to wrap (their times are then unknown).
 */
function instrumentVerifier() {
  const stats = {
    // One entry per verify() call, in order: { ms, ok, stage?, policyMs, typecheckMs, casesMs }.
    calls: [],
  };
  let current;
  const missing = [];
  const wrap = (modulePath, name, wrapper) => {
    let mod;
    try {
      mod = require(modulePath);
    } catch {
      missing.push(`${modulePath} (not built)`);
      return;
    }
    if (typeof mod[name] !== 'function') return void missing.push(`${modulePath}#${name}`);
    const original = mod[name];
    mod[name] = wrapper(original);
  };

  wrap('@specwright/core/dist/verify/policy', 'checkPolicy', (original) => (...args) => {
    const started = now();
    try {
      return original(...args);
    } finally {
      if (current) current.policyMs += now() - started;
    }
  });
  wrap('@specwright/core/dist/verify/typecheck-candidates', 'createCandidateTypechecker', (original) => (...args) => {
    const typechecker = original(...args);
    return {
      ...typechecker,
      check(...checkArgs) {
        const started = now();
        try {
          return typechecker.check(...checkArgs);
        } finally {
          if (current) current.typecheckMs += now() - started;
        }
      },
    };
  });
  wrap('@specwright/core/dist/verify/create-verifier', 'createVerifier', (original) => (...args) => {
    const verifier = original(...args);
    return {
      ...verifier,
      async verify(candidate) {
        // Only meaningful per call when verify() calls do not overlap (concurrency 1); with more,
        // the stage times of overlapping calls mix and only the total stays right.
        const entry = { ms: 0, ok: false, policyMs: 0, typecheckMs: 0, casesMs: 0 };
        current = entry;
        const started = now();
        try {
          const result = await verifier.verify(candidate);
          entry.ok = result.ok;
          if (!result.ok) entry.stage = result.stage;
          return result;
        } finally {
          entry.ms = now() - started;
          stats.calls.push(entry);
          if (current === entry) current = undefined;
        }
      },
    };
  });

  const timedConformanceCheck = (check) => async (input) => {
    const entry = current;
    const started = now();
    try {
      return await check(input);
    } finally {
      if (entry) entry.casesMs += now() - started;
    }
  };
  return { stats, timedConformanceCheck, missing };
}

module.exports = { instrumentVerifier };
