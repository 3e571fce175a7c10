import type { LoaderFunctionArgs } from '@remix-run/node';
import { notFound } from '#app/context.server.ts';

/**
 * `/statistik/import/mall.csv` (an empty template) and `/statistik/import/exempel.csv`
 * (a filled-in example) for the value import: semicolons, decimal comma and a BOM, so
 * Excel opens them in Swedish settings as they will be read back.
 */
const FILES: Record<string, string> = {
  'mall.csv': 'indikator;område;period;uppdelning;värde\n',
  'exempel.csv': [
    'indikator;område;period;uppdelning;värde',
    'sysselsattning;1280;2023;;71,2',
    'sysselsattning;1280;2023;kvinnor;69,8',
    'sysselsattning;1280;2023;män;72,5',
    'sysselsattning;12;2023;;76,4',
    'sysselsattning;SE;2023;;79,1',
    '',
  ].join('\n'),
};

export async function loader({ params }: LoaderFunctionArgs) {
  const body = FILES[params.fil ?? ''];
  if (body === undefined) notFound();
  return new Response(`\uFEFF${body}`, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${params.fil}"`,
      'Cache-Control': 'public, max-age=3600',
    },
  });
}
