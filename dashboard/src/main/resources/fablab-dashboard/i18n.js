// Translations: loads i18n/<lang>.json, looks keys up, and translates static markup.
//
// Catalogues are flat JSON objects: "some.key": "text with {placeholders}". A value may
// instead be an object of plural forms ({"one": …, "other": …}) chosen with
// Intl.PluralRules from the {n} parameter. English is always loaded as the fallback; a key
// missing everywhere is shown as the key itself so it is easy to spot.
//
// Static markup opts in with attributes:
//   data-i18n="key"             → element.textContent
//   data-i18n-title="key"       → title attribute
//   data-i18n-aria-label="key"  → aria-label attribute

export const SUPPORTED = Object.freeze(['en', 'fr']);
const FALLBACK = 'en';
const STORAGE_KEY = 'fablab.lang';

let current = FALLBACK;
let catalogue = {};
let fallback = {};
const listeners = new Set();

/** The language in use ("en" or "fr"). */
export function language() {
  return current;
}

/**
 * Picks the start-up language: ?lang= in the URL, then the remembered choice,
 * then the browser's language (fr* → fr), else English.
 */
export function initialLanguage() {
  const fromQuery = new URLSearchParams(window.location.search).get('lang');
  if (isSupported(fromQuery)) {
    return fromQuery;
  }
  const remembered = readStorage();
  if (isSupported(remembered)) {
    return remembered;
  }
  const browser = (navigator.language || '').toLowerCase();
  return browser.startsWith('fr') ? 'fr' : FALLBACK;
}

/**
 * Loads and applies a language without reloading the page.
 * @param {string} lang one of SUPPORTED
 * @param {{remember?: boolean}} options remember=true stores the choice in localStorage
 */
export async function setLanguage(lang, { remember = false } = {}) {
  if (!isSupported(lang)) {
    lang = FALLBACK;
  }
  if (Object.keys(fallback).length === 0) {
    fallback = await loadCatalogue(FALLBACK);
  }
  catalogue = lang === FALLBACK ? fallback : await loadCatalogue(lang);
  current = lang;
  if (remember) {
    writeStorage(lang);
  }
  document.documentElement.lang = lang;
  translateTree(document);
  for (const listener of listeners) {
    listener(lang);
  }
}

/** Calls listener(lang) after every language change. */
export function onLanguageChange(listener) {
  listeners.add(listener);
}

/**
 * Translates a key. Placeholders {name} are replaced by params[name]; a plural
 * entry picks its form from params.n.
 */
export function t(key, params = {}) {
  let value = lookup(catalogue, key) ?? lookup(fallback, key);
  if (value === undefined) {
    return key;
  }
  if (typeof value === 'object') {
    const form = new Intl.PluralRules(current).select(Number(params.n ?? 0));
    value = value[form] ?? value.other ?? key;
  }
  return value.replace(/\{(\w+)\}/g, (whole, name) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole);
}

/** Whether the catalogue (or the English fallback) has this key. */
export function has(key) {
  return lookup(catalogue, key) !== undefined || lookup(fallback, key) !== undefined;
}

/** Translates every element under root that carries a data-i18n* attribute. */
export function translateTree(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const el of root.querySelectorAll('[data-i18n-title]')) {
    el.title = t(el.dataset.i18nTitle);
  }
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  }
}

function lookup(table, key) {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

function isSupported(lang) {
  return typeof lang === 'string' && SUPPORTED.includes(lang);
}

async function loadCatalogue(lang) {
  const url = new URL(`i18n/${lang}.json`, import.meta.url);
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`cannot load translations [lang: ${lang}, status: ${response.status}]`);
  }
  return response.json();
}

function readStorage() {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled (private mode, kiosk policy): not remembered
  }
}

function writeStorage(lang) {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // storage disabled: the choice lasts until the page is reloaded
  }
}
