import { describe, expect, it, vi } from 'vitest';
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
    expect(first).toEqual(en);
    expect(second).toBe(first);
    expect(catalogs.en).toEqual(en);
    expect(catalogs.sv).toBeUndefined();
    expect(told).toBe(1);
    expect(catalogsLoaded()).toBe(1);

    expect(await loadCatalog('en')).toEqual(en);
    expect(told).toBe(1);
    unsubscribe();
    expect(await loadCatalog('sv')).toEqual(sv);
    expect(told).toBe(1);
    expect(catalogsLoaded()).toBe(2);
  });
});

// The production build's parts (vite.config.ts `samverka:catalog-parts`): each route module awaits its texts.
describe('the browser catalogs made of parts', () => {
  const part = (keys: string[]) => ({
    sv: () => Promise.resolve({ default: Object.fromEntries(keys.map((k) => [k, sv[k as keyof typeof sv]])) }),
    en: () => Promise.resolve({ default: Object.fromEntries(keys.map((k) => [k, en[k as keyof typeof en]])) }),
  });

  it('hold only the parts loaded, in the languages asked for; a missing text brings the whole catalog', async () => {
    vi.resetModules();
    const browser = await import('#app/i18n/catalogs-browser.ts');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // Without a document the page's language is Swedish.
    await browser.addCatalogPart(part(['nav.home', 'app.name']));
    expect(browser.catalogs.sv).toBeUndefined(); // published when the entry asks for the language
    expect(await browser.loadCatalog('sv')).toEqual({ 'nav.home': 'Start', 'app.name': 'Samverka' });
    await browser.addCatalogPart(part(['home.title']));
    expect(Object.keys(browser.catalogs.sv!).sort()).toEqual(['app.name', 'home.title', 'nav.home']);
    expect(browser.catalogs.en).toBeUndefined();

    // Another language: every part so far, in it.
    expect(Object.keys(await browser.loadCatalog('en')).sort()).toEqual(['app.name', 'home.title', 'nav.home']);
    expect(browser.catalogs.en!['nav.home']).toBe(en['nav.home']);

    // A text no part brought: the whole catalog of that language, and the subscribers told.
    let told = 0;
    browser.subscribeToCatalogs(() => told++);
    browser.reportMissingMessage('sv', 'footer.about');
    await vi.waitFor(() => expect(browser.catalogs.sv!['footer.about']).toBe(sv['footer.about']));
    expect(told).toBe(1);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});
