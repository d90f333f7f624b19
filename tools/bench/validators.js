'use strict';
// Which way to build request validators: compile lazily on each operation's first request (what
// the runtime does), compile all at start-up, or precompile at generate time with ajv's
// standalone code. Measured on the same normalised request schemas the generated server uses.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { loadSpec, indexOperations, buildApiSpec } = require('@specwright/core');
const { createSpecApp, createValidatorCache, parametersSchema, COMPONENTS_SCHEMA_ID } = require('@specwright/runtime');
const Ajv = require('ajv').default;
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;
const standaloneCode = require('ajv/dist/standalone').default;

const now = () => Number(process.hrtime.bigint()) / 1e6;

async function main() {
  const [spec, workspaceRoot] = process.argv.slice(2);
  const source = await loadSpec(spec, { workspaceRoot });
  const apiSpec = buildApiSpec(source.document, source.version, indexOperations(source.document));

  let t = now();
  createSpecApp(apiSpec, {});
  const lazyStartup = now() - t;

  t = now();
  const compiled = createValidatorCache(apiSpec).precompile();
  const eager = now() - t;

  // Standalone: the same schemas, compiled to source at generate time.
  const options = { strict: false, allErrors: true, useDefaults: true, coerceTypes: 'array', logger: false, code: { source: true, lines: false } };
  t = now();
  const ajv = apiSpec.dialect === '2020-12' ? new Ajv2020(options) : new Ajv(options);
  addFormats(ajv);
  ajv.addSchema({ $id: COMPONENTS_SCHEMA_ID, components: apiSpec.components });
  const exports = {};
  const add = (name, schema) => {
    const id = `urn:specwright:validator:${name}`;
    ajv.addSchema(typeof schema === 'object' ? { ...schema, $id: id } : { $id: id, allOf: [schema] });
    ajv.getSchema(id); // compile now, as generate would
    exports[name] = id;
  };
  apiSpec.operations.forEach((op, i) => {
    add(`p${i}`, parametersSchema(op));
    Object.values(op.requestBody?.content ?? {}).forEach((media, j) => {
      if (media.schema !== undefined) add(`b${i}_${j}`, media.schema);
    });
  });
  const code = standaloneCode(ajv, exports);
  const standaloneGenerate = now() - t;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'specwright-validators-')), 'validators.js');
  fs.writeFileSync(file, code);
  const load = Number(
    execFileSync(process.execPath, ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(file)});console.log(Number(process.hrtime.bigint()-t)/1e6)`], {
      cwd: path.dirname(require.resolve('ajv/package.json')),
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: path.join(path.dirname(require.resolve('ajv/package.json')), '..') },
    }).trim(),
  );
  fs.rmSync(path.dirname(file), { recursive: true, force: true });

  const perOp = eager / apiSpec.operations.length;
  console.log(`  ${apiSpec.operations.length} operations, ${compiled} validate functions`);
  console.log(`  lazy (chosen):  start-up ${lazyStartup.toFixed(0)} ms; each operation's first request pays ~${perOp.toFixed(2)} ms once`);
  console.log(`  eager:          start-up ${eager.toFixed(0)} ms compiling everything`);
  console.log(`  standalone:     +${standaloneGenerate.toFixed(0)} ms per generate, ${(code.length / 1e6).toFixed(1)} MB of code, start-up ${load.toFixed(0)} ms to load it`);
  console.log(`  → standalone start-up / lazy start-up = ${(load / lazyStartup).toFixed(1)}×; standalone adds ${(standaloneGenerate / 1000).toFixed(1)} s to every generate`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
