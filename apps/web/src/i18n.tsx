import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { fill, messages, missingMessage, type Lang, type MsgKey } from './messages';

export type { Lang, MsgKey } from './messages';

interface I18n {
  lang: Lang;
  setLang(l: Lang): void;
  t(key: MsgKey): string;
  /** A message with `{name}` placeholders filled in. */
  f(key: MsgKey, vars: Record<string, string | number>): string;
  /**
   * For keys built at run time from the API's codes (`status_${status}`, `kind_${kind}`): a code
   * with no message shows as ⟦key⟧ and is logged, never as the bare English code.
   */
  tx(key: string): string;
}

const warned = new Set<string>();

function lookup(lang: Lang, key: string): string {
  const found = (messages[lang] as Record<string, string | undefined>)[key];
  if (found !== undefined) return found;
  if (!warned.has(`${lang}:${key}`)) {
    warned.add(`${lang}:${key}`);
    console.warn(`i18n: no ${lang} message for "${key}"`);
  }
  return missingMessage(key);
}

function i18nFor(lang: Lang, setLang: (l: Lang) => void): I18n {
  return { lang, setLang, t: (k) => lookup(lang, k), f: (k, vars) => fill(lookup(lang, k), vars), tx: (k) => lookup(lang, k) };
}

const Ctx = createContext<I18n>(i18nFor('vi', () => undefined));

export function I18nProvider({ lang, setLang, children }: { lang: Lang; setLang(l: Lang): void; children: ReactNode }) {
  const value = useMemo(() => i18nFor(lang, setLang), [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  return useContext(Ctx);
}

export function useLangState(): [Lang, (l: Lang) => void] {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('dossier-flow.lang') === 'en' ? 'en' : 'vi'));
  return [lang, (l) => { localStorage.setItem('dossier-flow.lang', l); setLangState(l); }];
}
