/**
 * RFC 4180 CSV. Cells that a spreadsheet would run as a formula (=, +, -, @,
 * tab, CR at the start) get a leading apostrophe, so open data cannot carry
 * formula injection into someone's Excel.
 */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => {
    if (v === null) return '';
    let s = String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
