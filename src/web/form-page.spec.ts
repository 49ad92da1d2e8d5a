import { formPageOf } from './form-page';

describe(formPageOf.name, () => {
  // As Express's route table answers it (methodsAt): pages that answer GET at these addresses.
  const pages = [/^\/child\/[^/]+\/print$/, /^\/find-a-child$/, /^\/$/];
  const isPage = (path: string) => pages.some((page) => page.test(path));

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
