import { describe, expect, it } from 'vitest';
import { catalogs, catalogsLoaded, loadCatalog, subscribeToCatalogs } from '#app/i18n/catalogs-browser.ts';
import { en } from '#app/i18n/en.ts';
import { sv } from '#app/i18n/sv.ts';

// The browser's catalog registry (issue 14): it starts empty and holds only what was asked for.
describe('the browser catalogs', () => {
  it('load one language when asked, once, and tell the subscribers', async () => {
    expect(catalogs).toEqual({});
    expect(catalogsLoaded()).toBe(0);
    let told = 0;
    const unsubscribe = subscribeToCatalogs(() => told++);
    const [first, second] = await Promise.all([loadCatalog('en'), loadCatalog('en')]);
    expect(first).toBe(en);
    expect(second).toBe(en);
    expect(catalogs.en).toBe(en);
    expect(catalogs.sv).toBeUndefined();
    expect(told).toBe(1);
    expect(catalogsLoaded()).toBe(1);

    expect(await loadCatalog('en')).toBe(en);
    expect(told).toBe(1);
    unsubscribe();
    expect(await loadCatalog('sv')).toBe(sv);
    expect(told).toBe(1);
    expect(catalogsLoaded()).toBe(2);
  });
});
