import type { ProjectGraph } from '@nx/devkit';

/**
 * Every project that depends on `project`, directly or through others (client libraries and
 * their dependents), sorted: who a breaking change reaches.
 */
export function consumersOf(graph: ProjectGraph, project: string): string[] {
  const dependents = new Map<string, string[]>();
  for (const [source, edges] of Object.entries(graph.dependencies)) {
    for (const edge of edges) {
      if (!graph.nodes[edge.target]) continue; // npm packages
      const list = dependents.get(edge.target);
      if (list) list.push(source);
      else dependents.set(edge.target, [source]);
    }
  }
  const found = new Set<string>();
  const queue = [project];
  while (queue.length > 0) {
    for (const dependent of dependents.get(queue.shift()!) ?? []) {
      if (dependent === project || found.has(dependent)) continue;
      found.add(dependent);
      queue.push(dependent);
    }
  }
  return [...found].sort();
}
