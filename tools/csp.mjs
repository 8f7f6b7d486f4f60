#!/usr/bin/env node
// The release dist/ under a strict Content-Security-Policy. index.html has our inline theme boot
// script, and Trunk writes one inline <script type="module"> (the loader that imports the
// wasm-bindgen JS and starts the wasm) whose text changes with every build (hashed file names), so
// the sha256 of every inline script is computed here, after the
// build, and the policy is
//   - written to dist/csp.txt (one line, for a server's Content-Security-Policy header; add
//     `frame-ancestors …` there, which a <meta> cannot carry), and
//   - put into dist/index.html as <meta http-equiv="Content-Security-Policy">, so the app is
//     protected on any static host.
//
// Run from tools/release.mjs (the Trunk post_build hook, release builds only). By hand:
// node tools/csp.mjs DIST_DIR. Fails if index.html has inline styles (style-src 'self').
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The policy, before the loader's hash is added to script-src. */
export const BASE_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];

const META_RE = /\s*<meta http-equiv="Content-Security-Policy"[^>]*>/i;

/** `'sha256-…'` of every inline <script> (no `src`), in document order. */
export function inlineScriptHashes(html) {
  const hashes = [];
  for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(attrs)) continue;
    hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/** The full policy for `html` (one line). */
export function policyFor(html) {
  const hashes = inlineScriptHashes(html);
  return BASE_DIRECTIVES.map((d) =>
    d.startsWith('script-src ') && hashes.length ? `${d} ${hashes.join(' ')}` : d).join('; ');
}

/** `html` with the policy as the first element of <head> (replacing an earlier one). */
export function withMeta(html, policy) {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
  const cleaned = html.replace(META_RE, '');
  // Right after <meta charset> (which must come first), before any script.
  const anchor = /<meta charset[^>]*>/i.test(cleaned) ? /<meta charset[^>]*>/i : /<head[^>]*>/i;
  if (!anchor.test(cleaned)) throw new Error('index.html has no <head>');
  return cleaned.replace(anchor, (tag) => `${tag}\n    ${meta}`);
}

/** Puts the policy into `dir`/index.html and `dir`/csp.txt; returns it. */
export function writeCsp(dir) {
  const index = path.join(dir, 'index.html');
  const html = readFileSync(index, 'utf8');
  if (/<style\b/i.test(html) || /\sstyle\s*=/i.test(html)) {
    throw new Error(`csp: ${index} has an inline style, which style-src 'self' blocks; move it to style/`);
  }
  const policy = policyFor(html.replace(META_RE, ''));
  writeFileSync(index, withMeta(html, policy));
  writeFileSync(path.join(dir, 'csp.txt'), `${policy}\n`);
  return policy;
}

function main() {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node tools/csp.mjs DIST_DIR');
    process.exit(2);
  }
  console.log(`csp: ${writeCsp(dir)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
