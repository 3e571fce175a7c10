import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const pageRoutes = (fs.readdirSync(path.join(root, 'app/routes'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.tsx'))
  .map((f) => path.join('app/routes', f))
  .filter((f) => /^export default /m.test(fs.readFileSync(path.join(root, f), 'utf8')));

/**
 * An error in a page's loader shows on that page's own error page, inside the site layout and with the
 * request id (app/components/error-boundary.tsx), rather than bubbling to the root.
 */
describe('error boundaries', () => {
  it('finds the page routes', () => {
    expect(pageRoutes.length).toBeGreaterThan(40);
  });

  it('every route module that renders a page exports an ErrorBoundary built on GeneralErrorBoundary', () => {
    const reExport = /^export \{ GeneralErrorBoundary as ErrorBoundary \} from '#app\/components\/error-boundary\.tsx';$/m;
    const own = /^export function ErrorBoundary\(\)[\s\S]*<GeneralErrorBoundary /m;
    const without = pageRoutes.filter((f) => {
      const source = fs.readFileSync(path.join(root, f), 'utf8');
      return !reExport.test(source) && !own.test(source);
    });
    expect(without).toEqual([]);
  });
});
