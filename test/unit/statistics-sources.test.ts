import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '#app/config.server.ts';
import { koladaArea, koladaAreaId } from '#app/indicators/sources/kolada.ts';
import { rowsToCsv } from '#app/indicators/sources/rows.ts';
import { scbDataUrl } from '#app/indicators/sources/scb.ts';

describe('source settings', () => {
  it('default to the public APIs and take another http(s) URL', () => {
    expect(loadConfig({}).KOLADA_API_URL).toBe('https://api.kolada.se/v3');
    expect(loadConfig({}).SCB_API_URL).toBe('https://statistikdatabasen.scb.se/api/v2');
    expect(loadConfig({ KOLADA_API_URL: 'http://127.0.0.1:9/v3' }).KOLADA_API_URL).toBe('http://127.0.0.1:9/v3');
  });
  it('refuse what is not an http(s) URL, naming the setting', () => {
    expect(() => loadConfig({ KOLADA_API_URL: 'ftp://kolada' })).toThrow(ConfigError);
    expect(() => loadConfig({ SCB_API_URL: 'scb' })).toThrow(/SCB_API_URL: must be a URL/);
  });
});

describe('Kolada areas', () => {
  it('Riket, län and kommuner both ways', () => {
    expect(['0000', '0012', '0001', '1280', '0180'].map(koladaArea)).toEqual(['SE', '12', '01', '1280', '0180']);
    expect(['SE', '12', '1280'].map(koladaAreaId)).toEqual(['0000', '0012', '1280']);
  });
});

describe('rows to the import CSV', () => {
  it('rounds to the indicator decimals (float noise from the source) and writes the total as an empty breakdown', () => {
    const csv = rowsToCsv('syss', [{ sourceArea: '1280', areaCode: '1280', period: '2023', breakdown: '', value: 73.10000000001 }], 1);
    expect(csv).toBe('indikator;område;period;uppdelning;värde\nsyss;1280;2023;;73.1\n');
  });
});

describe('SCB data URL', () => {
  it('asks for json-stat2 with value codes per variable, and refuses odd codes', () => {
    expect(scbDataUrl('https://scb.example/api/v2/', { table: 'TAB638', selection: { Region: ['1280', '00'], Tid: ['2024'] } })).toBe(
      'https://scb.example/api/v2/tables/TAB638/data?lang=sv&outputFormat=json-stat2&valuecodes[Region]=1280,00&valuecodes[Tid]=2024',
    );
    expect(() => scbDataUrl('https://scb.example', { table: 'TAB638', selection: { Region: ['12&x=1'] } })).toThrow();
    expect(() => scbDataUrl('https://scb.example', { table: '../x', selection: {} })).toThrow();
  });
});
