import { formPageOf, getPagePatterns } from './form-page';
import { RequestMethod } from '@nestjs/common';

describe(formPageOf.name, () => {
  const patterns = getPagePatterns([
    { path: 'child/:childId/print', methods: [{ path: '/', method: RequestMethod.GET }, { path: ':exportId', method: RequestMethod.POST }] },
    { path: 'find-a-child', methods: [{ path: '/', method: RequestMethod.GET }] },
    { path: '/', methods: [{ path: '/', method: RequestMethod.GET }] },
  ]);
  const isPage = (path: string) => patterns.some((pattern) => pattern.test(path));

  it('is the posted path where a page answers GET there, else the nearest page above it, else /', () => {
    expect(formPageOf('/find-a-child', isPage)).toBe('/find-a-child');
    expect(formPageOf('/child/3f0c/print', isPage)).toBe('/child/3f0c/print');
    expect(formPageOf('/child/3f0c/print/9a1b', isPage)).toBe('/child/3f0c/print');
    expect(formPageOf('/sign-out', isPage)).toBe('/');
  });

  it('never leaves the server', () => {
    for (const path of ['//evil.example/find-a-child', '/\\evil.example', 'https://evil.example/find-a-child']) expect(formPageOf(path, () => true)).toBe('/');
  });
});
