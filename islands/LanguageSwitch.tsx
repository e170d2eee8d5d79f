import { locale, setLocale, t } from "../app/browser/i18n.ts";
import { type Locale, LOCALES } from "../lib/i18n/messages.ts";

const NAMES: Record<Locale, string> = { nl: "Nederlands", fr: "Français", en: "English" };

export function LanguageSwitch() {
  return (
    <label class="language">
      <span>{t.value.language}</span>
      <select
        data-testid="language"
        value={locale.value}
        onChange={(event) =>
          void setLocale((event.currentTarget as HTMLSelectElement).value as Locale)}
      >
        {LOCALES.map((code) => <option key={code} value={code} lang={code}>{NAMES[code]}</option>)}
      </select>
    </label>
  );
}
