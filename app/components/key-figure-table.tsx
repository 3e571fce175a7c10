import type { ReactNode } from 'react';
import { Link } from '@remix-run/react';
import { withUnit } from '../indicators/choropleth.ts';
import type { KeyFigure, Verdict } from '../indicators/key-figures.ts';
import { formatNumber } from '../i18n/format.ts';
import { useT } from '../i18n/use-t.ts';

export interface KeyFigureRow {
  code: string;
  name: string;
  unit: string;
  decimals: number;
  key: KeyFigure;
}

/**
 * An area's key figures as one table, a row per indicator: the latest value and its year, the change over five
 * years, and how the area stands against each compared area (the län, or the kommun of a district, and Sweden) in
 * the same year, with that area's value in brackets. Each judgement is a word ("bättre", "sämre"), its colour only a help, so nothing is told by colour alone.
 */
export function KeyFigureTable({ id, caption, rows, compared }: { id: string; caption: string; rows: KeyFigureRow[]; compared: { code: string; label: string }[] }) {
  const t = useT();
  const value = (n: number, r: KeyFigureRow) => withUnit(formatNumber(n, t.locale, r.decimals), r.unit);
  const delta = (n: number, r: KeyFigureRow) => {
    const sign = n > 0 ? '+' : n < 0 ? '−' : '±';
    const number = `${sign}${formatNumber(Math.abs(n), t.locale, r.decimals)}`;
    // Percent changes are in percentage points, said in full to screen readers and on hover.
    return r.unit === 'procent' ? (
      <>
        {number}
        {'\u00a0'}
        <abbr title={t('keyfig.points')}>{t('keyfig.pointsShort')}</abbr>
      </>
    ) : (
      withUnit(number, r.unit)
    );
  };
  const verdict = (v: Verdict, sameWord: string) => <span className={`verdict verdict--${v}`}>{v === 'same' ? sameWord : t(`keyfig.${v}`)}</span>;
  return (
    <div className="table-scroll key-figure-table" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table id={id} role="table">
        <caption id={`${id}-caption`} className="visually-hidden">
          {caption}
        </caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">{t('keyfig.indicator')}</th>
            <th scope="col" role="columnheader" className="chart__num">{t('keyfig.latestValue')}</th>
            <th scope="col" role="columnheader" className="chart__num">{t('keyfig.fiveYears')}</th>
            {compared.map((c) => (
              <th key={c.code} scope="col" role="columnheader" className="chart__num">
                {t('keyfig.against', { other: c.label })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {rows.map((r) => (
            <tr key={r.code} role="row" className="key-figure" data-indicator={r.code}>
              <th scope="row" role="rowheader">
                <Link to={`/statistik/${r.code}`}>{r.name}</Link>
              </th>
              <Cell label={t('keyfig.latestValue')}>
                <span className="key-figure__value">{value(r.key.value, r)}</span> <span className="meta">{r.key.period}</span>
              </Cell>
              <Cell label={t('keyfig.fiveYears')}>
                {r.key.change ? (
                  <>
                    {delta(r.key.change.delta, r)} {verdict(r.key.change.verdict, t('keyfig.same'))}
                  </>
                ) : (
                  <>
                    <span aria-hidden="true">–</span>
                    <span className="visually-hidden">{t('keyfig.noChange')}</span>
                  </>
                )}
              </Cell>
              {compared.map((c) => {
                const a = r.key.against.find((x) => x.code === c.code);
                return (
                  <Cell key={c.code} label={t('keyfig.against', { other: c.label })}>
                    {a ? (
                      <>
                        {verdict(a.verdict, t('keyfig.sameLevel'))} <span className="meta">({value(a.value, r)})</span>
                      </>
                    ) : (
                      <>
                        <span aria-hidden="true">–</span>
                        <span className="visually-hidden">{t('keyfig.noSamePeriod', { period: r.key.period })}</span>
                      </>
                    )}
                  </Cell>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A figure's cell; its column's name in `data-label` labels it on a phone, where the table's head is hidden. */
function Cell({ label, children }: { label: string; children: ReactNode }) {
  return (
    <td role="cell" className="chart__num" data-label={label}>
      <span className="key-figure__cell">{children}</span>
    </td>
  );
}
