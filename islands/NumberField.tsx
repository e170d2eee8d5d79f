import { useEffect, useState } from "preact/hooks";
import { locale } from "../app/browser/i18n.ts";
import {
  formatDecimalInput,
  formatKWInput,
  parseDecimal,
  parseKWInput,
} from "../lib/i18n/decimal_input.ts";

/**
 * A number in the user's decimal notation. The field keeps what is typed (`0,` on the way to
 * `0,5`) and passes on each value that reads as a number. `kW`: a power kept in watts, shown and
 * typed in kilowatts.
 */
export function NumberField(
  props: {
    label: string;
    value: number;
    onChange: (v: number) => void;
    testId?: string;
    kW?: boolean;
  },
) {
  const loc = locale.value;
  const format = (v: number) => (props.kW ? formatKWInput(loc, v) : formatDecimalInput(loc, v));
  const parse = props.kW ? parseKWInput : parseDecimal;
  const [text, setText] = useState(() => format(props.value));
  useEffect(() => {
    if (parse(text) !== props.value) setText(format(props.value));
  }, [props.value]);
  // Another language: its decimal separator ("2,5" becomes "2.5" in English).
  useEffect(() => setText(format(props.value)), [loc]);
  return (
    <label class="field">
      <span>{props.label}</span>
      <input
        type="text"
        inputMode="decimal"
        value={text}
        data-testid={props.testId}
        onInput={(e) => {
          const typed = (e.currentTarget as HTMLInputElement).value;
          setText(typed);
          const v = parse(typed);
          if (v !== null) props.onChange(v);
        }}
      />
    </label>
  );
}
