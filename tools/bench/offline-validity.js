'use strict';
// How many offline handler responses validate against their response schema (ajv, response
// direction). Checked here rather than at generate time: compiling 900+ response validators
// costs seconds, and the sampler is built to be valid by construction.
const { loadSpec, indexOperations, toJsonSchema, sampleFromSchema } = require('@specwright/core');
const { chooseResponse } = require('@specwright/core/dist/providers/offline/choose-response');
const { refTokens } = require('@specwright/core/dist/contract/index-operations');
const { getAt } = require('@specwright/core/dist/spec/ref-closure');
const Ajv = require('ajv').default;
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

async function main() {
  const [spec, workspaceRoot] = process.argv.slice(2);
  const source = await loadSpec(spec, { workspaceRoot });
  const resolve = (ref) => getAt(source.document, refTokens(ref));
  const convert = (schema, rewriteRef) =>
    toJsonSchema(schema, { version: source.version, direction: 'response', resolve, stripAnnotations: true, rewriteRef });
  const ajv = source.version === '3.0' ? new Ajv({ strict: false, allErrors: true }) : new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const schemas = {};
  for (const [name, schema] of Object.entries(source.document.components?.schemas ?? {})) schemas[name] = convert(schema);
  ajv.addSchema({ $id: 'urn:specwright:api', components: { schemas } });

  let checked = 0;
  const invalid = [];
  for (const operation of indexOperations(source.document)) {
    const choice = chooseResponse(operation.definition.responses, resolve);
    if (!choice.contentType || choice.schema === undefined || !/json/.test(choice.contentType)) continue;
    const value = sampleFromSchema(choice.schema, { resolve, direction: 'response' }, choice.example);
    const validate = ajv.compile(convert(choice.schema, (ref) => 'urn:specwright:api' + ref));
    checked++;
    if (!validate(value)) invalid.push(operation.id);
  }
  console.log(`  ${checked - invalid.length} of ${checked} JSON response bodies are schema-valid (${((100 * (checked - invalid.length)) / checked).toFixed(1)}%)`);
  if (invalid.length > 0) console.log(`  not valid: ${invalid.join(', ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
