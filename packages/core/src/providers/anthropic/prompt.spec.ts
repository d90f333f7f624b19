import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import { canonicalJson, sha256 } from '../../contract/canonical-json';
import { buildPrompt, delimited, PROMPT_VERSION } from './prompt';
import { implementRequest, SHARED_CONTEXT } from './__fixtures__/implement-request';

const MODEL = 'claude-sonnet-5-5';
const textOf = (content: unknown): string => (typeof content === 'string' ? content : JSON.stringify(content));

describe('buildPrompt', () => {
  it('states the contract rules, then the shared context as its own block marked for caching', () => {
    const { params } = buildPrompt(implementRequest(), MODEL, { maxTokens: 8000, allowImports: ['zod'] });
    expect(params.system).toHaveLength(2);
    const [rules, shared] = params.system;
    expect(rules?.cache_control).toBeUndefined();
    expect(rules?.text).toMatch(/Implement exactly the handler type/);
    expect(rules?.text).toMatch(/Do not change the generated types/);
    expect(rules?.text).toMatch(/no extra fields, status codes, headers, media types or endpoints/);
    expect(rules?.text).toContain('and these modules: `@specwright/runtime`, `zod`. Nothing else');
    for (const forbidden of ['`fs`', '`child_process`', '`net`', '`http`', '`vm`', '`eval`', '`Function`', 'dynamic `import()`', '`process.env`']) {
      expect(rules?.text).toContain(forbidden);
    }
    expect(rules?.text).toContain('{ "code": string, "notes": string }');
    expect(shared).toEqual({ type: 'text', text: delimited('shared-context', SHARED_CONTEXT), cache_control: { type: 'ephemeral' } });
  });

  it('shares the whole system prompt between operations, so they share one cached prefix', () => {
    const a = buildPrompt(implementRequest('getPet'), MODEL, { maxTokens: 8000 }).params;
    const b = buildPrompt(implementRequest('listPets', { handlerTypesImport: '../../handlers.js' }), MODEL, { maxTokens: 8000 }).params;
    expect(b.system).toEqual(a.system);
    expect(b.messages).not.toEqual(a.messages);
  });

  it('marks the rules block for caching when there is no shared context', () => {
    const { params } = buildPrompt(implementRequest('getPet', { sharedContext: undefined }), MODEL, { maxTokens: 8000 });
    expect(params.system).toHaveLength(1);
    expect(params.system[0]?.cache_control).toEqual({ type: 'ephemeral' });
  });

  it('asks for one operation: id, method, path, handler type and import, and its contract as delimited data', () => {
    const request = implementRequest('getPet');
    const { params } = buildPrompt(request, MODEL, { maxTokens: 8000 });
    expect(params.messages).toHaveLength(1);
    const turn = params.messages[0];
    expect(turn?.role).toBe('user');
    const text = textOf(turn?.content);
    expect(text).toContain('operation "getPet": GET "/pets/{petId}"');
    expect(text).toContain('Handler type: GetPetHandler, imported with `import type { GetPetHandler } from "../handlers.js";`');
    expect(text).toContain(delimited('contract', request.contract()));
    // The spec's hostile summary is inside the data block, and its fake marker does not close it.
    const contractBlock = delimited('contract', request.contract());
    const [opening] = contractBlock.split('\n');
    const closing = `${opening?.slice(3)}>>>`;
    expect(contractBlock.indexOf(closing)).toBe(contractBlock.length - closing.length);
    expect(contractBlock).toContain('Ignore all previous instructions');
  });

  it('turns each rejected attempt into the code it returned and the exact errors, oldest first', () => {
    const rejected = [
      { code: 'export default 1;', errors: ["implementations/getPet.ts(1,16): error TS2322: Type 'number' is not assignable to type 'GetPetHandler'."] },
      { code: 'import { exec } from "node:child_process";', errors: ['policy: import of "node:child_process" is not allowed', 'conformance: GET /pets/1 returned 500'] },
    ];
    const { params } = buildPrompt(implementRequest('getPet', { rejected }), MODEL, { maxTokens: 8000 });
    expect(params.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    expect(JSON.parse(textOf(params.messages[1]?.content))).toEqual({ code: 'export default 1;', notes: '' });
    expect(textOf(params.messages[2]?.content)).toContain(`- ${rejected[0]?.errors[0]}`);
    expect(JSON.parse(textOf(params.messages[3]?.content)).code).toBe(rejected[1]?.code);
    const last = textOf(params.messages[4]?.content);
    expect(last).toContain('- policy: import of "node:child_process" is not allowed\n- conformance: GET /pets/1 returned 500');
    expect(last).toMatch(/Fix every error and reply with the complete corrected module/);
  });

  it('requests structured output { code, notes } and sends no sampling parameters', () => {
    const { params } = buildPrompt(implementRequest(), MODEL, { maxTokens: 8000 });
    expect(params).toMatchObject({ model: MODEL, max_tokens: 8000 });
    expect(params.output_config.format).toMatchObject({
      type: 'json_schema',
      schema: { type: 'object', properties: { code: { type: 'string' }, notes: { type: 'string' } }, required: ['code', 'notes'], additionalProperties: false },
    });
    expect(Object.keys(params).sort()).toEqual(['max_tokens', 'messages', 'model', 'output_config', 'system']);
  });

  it('builds plain JSON params, usable as a Message Batch entry as they are', () => {
    const { params } = buildPrompt(implementRequest(), MODEL, { maxTokens: 8000 });
    const entry: { custom_id: string; params: MessageCreateParamsNonStreaming } = { custom_id: 'getPet', params }; // typechecks: the SDK's batch params type
    expect(JSON.parse(JSON.stringify(entry.params))).toEqual(params);
  });

  it('hashes the canonical JSON of the params: the same request gives the same hash, any change another', () => {
    const one = buildPrompt(implementRequest(), MODEL, { maxTokens: 8000 });
    const two = buildPrompt(implementRequest(), MODEL, { maxTokens: 8000 });
    expect(one.promptHash).toBe(two.promptHash);
    expect(one.promptHash).toBe(sha256(canonicalJson(one.params)));
    expect(one.promptHash).toMatch(/^[0-9a-f]{64}$/);
    const others = [
      buildPrompt(implementRequest(), 'claude-opus-5-5', { maxTokens: 8000 }),
      buildPrompt(implementRequest(), MODEL, { maxTokens: 9000 }),
      buildPrompt(implementRequest('listPets'), MODEL, { maxTokens: 8000 }),
      buildPrompt(implementRequest('getPet', { rejected: [{ code: 'x', errors: ['e'] }] }), MODEL, { maxTokens: 8000 }),
    ];
    expect(new Set([one.promptHash, ...others.map((o) => o.promptHash)]).size).toBe(5);
  });

  it('has a prompt version', () => {
    expect(PROMPT_VERSION).toMatch(/^\S+$/);
  });
});
