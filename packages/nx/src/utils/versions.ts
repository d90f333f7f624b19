import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Manifest {
  version: string;
  dependencies?: Record<string, string>;
}

function manifest(path: string): Manifest {
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

/** This plugin's version: the Specwright packages are released together, at one version. */
export function specwrightVersion(): string {
  return manifest(join(__dirname, '..', '..', 'package.json')).version;
}

/** Versions the generators write into package.json: ours, and what our runtime was built with. */
export function dependencyVersions(): Record<'specwright' | 'hono' | 'openapi-fetch' | 'hono-node-server', string> {
  const self = manifest(join(__dirname, '..', '..', 'package.json'));
  const runtime = manifest(require.resolve('@specwright/runtime/package.json'));
  return {
    specwright: self.version,
    hono: runtime.dependencies?.hono ?? '^4.0.0',
    'hono-node-server': self.dependencies?.['@hono/node-server'] ?? '^2.0.0',
    'openapi-fetch': '^0.17.0',
  };
}
