import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGE_KEY as KEY } from './api/headers';
import { en, zh } from './messages';

/** 简体中文 first; English one click away, remembered per browser. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export function savedLanguage(): Language {
  const v = localStorage.getItem(KEY);
  return v === 'en' ? 'en' : 'zh-CN';
}

export function setLanguage(lang: Language): void {
  localStorage.setItem(KEY, lang);
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
  document.title = i18n.t('appName', { lng: lang });
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zh }, en: { translation: en } },
  lng: savedLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = savedLanguage();
document.title = i18n.t('appName');

export default i18n;
