import { createNodes } from './plugin/create-nodes';

export { createNodes } from './plugin/create-nodes';
export { createDependencies } from './plugin/create-dependencies';
export type { SpecwrightPluginOptions, SpecwrightProjectConfig, ConformanceSettings, CheckSwitches } from './plugin/options';
/** Nx 23 reads `createNodes`; the alias keeps workspaces that still look for the v2 name working. */
export const createNodesV2 = createNodes;
export const name = '@specwright/nx';
