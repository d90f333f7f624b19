import type { Operation } from '../contract/index-operations';
import type { OperationChange } from './change';
import { renderMessage } from './rules';

/** One way to authenticate: every scheme it names, with the scopes each needs. */
type Alternative = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * Security requirements are alternatives (any one suffices), each a set of schemes needed
 * together. A change breaks clients when some way they authenticated before satisfies no
 * alternative now: a scheme or a scope was added to it, or the operation was public and is not.
 */
export function compareSecurity(base: Operation, head: Operation): OperationChange[] {
  const before = alternativesOf(base.security);
  const after = alternativesOf(head.security);
  const values = { from: describe(before), to: describe(after) };
  if (values.from === values.to) return [];
  const pointer = head.definition.security !== undefined ? `${head.pointer}/security` : head.pointer;
  const stillAccepted = (old: Alternative): boolean => after.some((now) => isSubset(now, old));
  const rule = before.every(stillAccepted) ? 'security-requirement-removed' : 'security-requirement-added';
  return [{ rule, message: renderMessage(rule, values), side: 'head', pointer }];
}

function alternativesOf(security: readonly unknown[]): Alternative[] {
  // No requirement at all: anyone may call.
  if (security.length === 0) return [new Map()];
  return security.map((requirement) => {
    const alternative = new Map<string, Set<string>>();
    if (requirement !== null && typeof requirement === 'object') {
      for (const [scheme, scopes] of Object.entries(requirement as Record<string, unknown>)) {
        alternative.set(scheme, new Set(Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : []));
      }
    }
    return alternative;
  });
}

/** Whether satisfying `big` also satisfies `small`. */
function isSubset(small: Alternative, big: Alternative): boolean {
  for (const [scheme, scopes] of small) {
    const have = big.get(scheme);
    if (!have) return false;
    for (const scope of scopes) if (!have.has(scope)) return false;
  }
  return true;
}

/** `none`, `apiKey`, `oauth(read, write) and apiKey or bearer` — sorted, so equal requirements read equal. */
function describe(alternatives: readonly Alternative[]): string {
  const texts = alternatives.map((alternative) => {
    if (alternative.size === 0) return 'none';
    return [...alternative.keys()]
      .sort()
      .map((scheme) => {
        const scopes = [...(alternative.get(scheme) as ReadonlySet<string>)].sort();
        return scopes.length > 0 ? `${scheme}(${scopes.join(', ')})` : scheme;
      })
      .join(' and ');
  });
  return [...new Set(texts)].sort().join(' or ');
}
