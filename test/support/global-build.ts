import { buildApp } from './server.ts';

/** The browser tests run against the production build, made fresh once per run. */
export default function setup() {
  buildApp();
}
