import { bodyKindOf, isJsonMediaType, matchMediaType } from './media-type';

describe('media types', () => {
  it('matches exact types before ranges, ignoring case and parameters', () => {
    const declared = ['*/*', 'text/*', 'Text/Plain; charset=utf-8'];
    expect(matchMediaType('text/plain;charset=latin1', declared)).toBe('Text/Plain; charset=utf-8');
    expect(matchMediaType('text/csv', declared)).toBe('text/*');
    expect(matchMediaType('image/png', declared)).toBe('*/*');
    expect(matchMediaType('image/png', ['text/*'])).toBeUndefined();
  });

  it('recognises JSON media types, including +json suffixes', () => {
    expect(['application/json', 'application/problem+json; charset=utf-8', 'application/vnd.github.v3+json'].every(isJsonMediaType)).toBe(true);
    expect(isJsonMediaType('application/jsonl')).toBe(false);
  });

  it('chooses a parser from the media type', () => {
    expect(['application/ld+json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/html', 'image/png'].map(bodyKindOf)).toEqual([
      'json',
      'urlencoded',
      'multipart',
      'text',
      'bytes',
    ]);
  });
});
