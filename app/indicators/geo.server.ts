import { geoPath, geoTransverseMercator, type GeoProjection } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import topology from './geo/sverige_kommuner_lan.topo.json';

/** Boundaries by SCB (see geo/README.md), projected once per process: paths are cached, never computed per request. */

export interface MapShape {
  code: string;
  name: string;
  /** SVG path data in the map's pixel space. */
  d: string;
  /** Centroid, where a proportional circle goes. */
  cx: number;
  cy: number;
}

export interface ProjectedMap {
  width: number;
  height: number;
  shapes: MapShape[];
}

type Props = { KnKod?: string; KnNamn?: string; LnKod?: string; LnNamn?: string };
const topo = topology as unknown as Topology<{ kommuner: GeometryCollection<Props>; lan: GeometryCollection<Props> }>;

function collection(level: 'kommun' | 'lan'): FeatureCollection<Geometry, Props> {
  return feature(topo, level === 'kommun' ? topo.objects.kommuner : topo.objects.lan) as FeatureCollection<Geometry, Props>;
}

/** SWEREF 99 TM's projection: transverse Mercator on 15° E, so Sweden stands upright and undistorted. */
const sweref = () => geoTransverseMercator().rotate([-15, 0]);

/**
 * Writes path data with relative moves rounded to 0.1 px, dropping points that round onto the
 * previous one: the whole kommun map stays well under 150 KB. Rounding happens on the absolute
 * position and steps are taken between rounded positions, so errors never add up.
 */
class RelativePath {
  private out: string[] = [];
  private x = 0;
  private y = 0;
  private start: [number, number] = [0, 0];
  private pending: 'M' | 'l' = 'M';
  moveTo(x: number, y: number) {
    this.pending = 'M';
    this.step(x, y, true);
  }
  lineTo(x: number, y: number) {
    this.step(x, y, false);
  }
  closePath() {
    this.out.push('z');
    [this.x, this.y] = this.start;
  }
  arc() {}
  beginPath() {}
  private step(ax: number, ay: number, move: boolean) {
    const x = Math.round(ax * 10);
    const y = Math.round(ay * 10);
    if (move) {
      const first = this.out.length === 0;
      const dx = first ? x : x - this.x;
      const dy = first ? y : y - this.y;
      this.out.push(`${first ? 'M' : 'm'}${fmt(dx)} ${fmt(dy)}`);
      this.start = [x, y];
      this.pending = 'l';
    } else {
      if (x === this.x && y === this.y) return;
      this.out.push(`${this.pending === 'l' ? 'l' : ' '}${fmt(x - this.x)} ${fmt(y - this.y)}`);
      this.pending = 'M'; // following pairs continue the same l command
    }
    this.x = x;
    this.y = y;
  }
  result() {
    const d = this.out.join('').replace(/ -/g, '-');
    this.out = [];
    this.x = this.y = 0;
    this.pending = 'M';
    return d;
  }
}
const fmt = (tenths: number) => {
  const s = (tenths / 10).toFixed(1).replace(/\.0$/, '');
  return s.replace(/^(-?)0\./, '$1.');
};

function project(features: Feature<Geometry, Props>[], projection: GeoProjection, width: number, height: number, level: 'kommun' | 'lan'): ProjectedMap {
  const ctx = new RelativePath();
  const path = geoPath(projection, ctx);
  const centroid = geoPath(projection);
  const shapes = features.map((f) => {
    path(f);
    const [cx, cy] = centroid.centroid(f);
    const code = (level === 'kommun' ? f.properties.KnKod : f.properties.LnKod) ?? '';
    const name = (level === 'kommun' ? f.properties.KnNamn : f.properties.LnNamn) ?? code;
    return { code, name, d: ctx.result(), cx: Math.round(cx * 10) / 10, cy: Math.round(cy * 10) / 10 };
  });
  return { width, height, shapes };
}

/** The national map is drawn 300 px wide; Sweden is about 2.2 times taller than wide. */
export const MAP_WIDTH = 300;
export const MAP_HEIGHT = 640;
const MAP_MARGIN = 8;

const national = new Map<'kommun' | 'lan', ProjectedMap>();

/** Every kommun (290) or every län (21) of Sweden, on one projection fitted to the map. */
export function nationalMap(level: 'kommun' | 'lan'): ProjectedMap {
  let map = national.get(level);
  if (!map) {
    const all = collection('kommun');
    // Both levels share the kommun fit, so the län map lines up with the kommun map; the margin leaves room for circles on the coast.
    const projection = sweref().fitExtent([[MAP_MARGIN, MAP_MARGIN], [MAP_WIDTH - MAP_MARGIN, MAP_HEIGHT - MAP_MARGIN]], all);
    map = project(level === 'kommun' ? all.features : collection('lan').features, projection, MAP_WIDTH, MAP_HEIGHT, level);
    national.set(level, map);
  }
  return map;
}

const locators = new Map<string, ProjectedMap>();
export const LOCATOR_SIZE = 220;

/** A län's kommuner fitted to a small square: the locator map on an area page. Undefined for an unknown län. */
export function countyLocatorMap(countyCode: string): ProjectedMap | undefined {
  let map = locators.get(countyCode);
  if (!map) {
    const features = collection('kommun').features.filter((f) => f.properties.KnKod?.slice(0, 2) === countyCode);
    if (features.length === 0) return undefined;
    const fc: FeatureCollection<Geometry, Props> = { type: 'FeatureCollection', features };
    const projection = sweref().fitSize([LOCATOR_SIZE, LOCATOR_SIZE], fc);
    map = project(features, projection, LOCATOR_SIZE, LOCATOR_SIZE, 'kommun');
    locators.set(countyCode, map);
  }
  return map;
}

/** Sweden with its län, small: the locator map on a län's page. */
export function swedenLocatorMap(): ProjectedMap {
  let map = locators.get('SE');
  if (!map) {
    const h = LOCATOR_SIZE;
    const w = Math.round(h * 0.47);
    const projection = sweref().fitSize([w, h], collection('kommun'));
    map = project(collection('lan').features, projection, w, h, 'lan');
    locators.set('SE', map);
  }
  return map;
}
