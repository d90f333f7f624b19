'use strict';
// What the fake model answers with: the offline provider's handler of every operation, by
// operation id, from an in-memory generate (nothing written but argv[4]). The offline handlers are
// built to pass verification, and they import the handler types from the same place a model's
// code does (`implementations/<fileName>.ts`), so they stand in for a model that is always right.
// Also writes each operation's file name (where a hand-owned handler of it would go).
// Usage: node offline-handlers.js <spec> <workspaceRoot> <handlers.json> <file-names.json>
const fs = require('node:fs');
const path = require('node:path');
const { generate } = require('@specwright/core');

async function main() {
  const [spec, workspaceRoot, outFile, fileNamesFile] = process.argv.slice(2);
  const result = await generate({
    spec,
    workspaceRoot,
    outDir: path.join(workspaceRoot, 'offline-handlers-unused'),
    // A folder that never exists: the offline handlers of the spec alone, no pins of earlier runs.
    lockDir: path.join(workspaceRoot, 'offline-handlers-no-lock'),
    emit: ['types', 'server'],
  });
  const files = new Map(result.files.map((file) => [file.path, file.contents]));
  const handlers = {};
  const fileNames = {};
  for (const operation of result.operations) {
    fileNames[operation.id] = operation.fileName;
    const code = files.get(`implementations/${operation.fileName}.ts`);
    if (code === undefined) throw new Error(`the offline generate has no implementation for ${operation.id} (implementations/${operation.fileName}.ts)`);
    handlers[operation.id] = code;
  }
  fs.writeFileSync(outFile, JSON.stringify(handlers));
  fs.writeFileSync(fileNamesFile, JSON.stringify(fileNames));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
