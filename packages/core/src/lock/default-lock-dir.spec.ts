import { defaultLockDirOf } from './default-lock-dir';

describe('defaultLockDirOf', () => {
  it('is specwright.lock beside openapi.{yaml,yml,json}', () => {
    expect(defaultLockDirOf('apps/api/openapi.yaml')).toBe('apps/api/specwright.lock');
    expect(defaultLockDirOf('openapi.json')).toBe('specwright.lock');
    expect(defaultLockDirOf('/w/api/OpenAPI.yml')).toBe('/w/api/specwright.lock');
  });

  it('is named after any other spec, so two specs in one folder never share a lock', () => {
    expect(defaultLockDirOf('api/v1.yaml')).toBe('api/v1.specwright.lock');
    expect(defaultLockDirOf('api/v2.json')).toBe('api/v2.specwright.lock');
    expect(defaultLockDirOf('api/held.yaml')).not.toBe(defaultLockDirOf('api/openapi.yaml'));
  });
});
