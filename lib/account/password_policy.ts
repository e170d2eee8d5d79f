/**
 * What a password must be: 10 to 200 characters, not the e-mail address (or its name part), not
 * one character repeated, and not one of the passwords everybody tries first — a short list,
 * with the Dutch and French favourites, checked also with digits and signs added at the end
 * ("Wachtwoord2024!"). The server enforces it; the app checks it first, to answer at once in the
 * user's language. Answers are codes, worded by `lib/i18n/messages.ts`.
 */

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export type PasswordProblem = "tooShort" | "tooLong" | "isEmail" | "repeated" | "common";

/** Words that, with at most digits and signs around them, make a password anyone guesses. */
const COMMON_WORDS = new Set([
  "password",
  "passwort",
  "passw0rd",
  "wachtwoord",
  "paswoord",
  "motdepasse",
  "welkom",
  "welcome",
  "bienvenue",
  "qwerty",
  "azerty",
  "qwertz",
  "iloveyou",
  "jetaime",
  "ikhouvanjou",
  "letmein",
  "admin",
  "administrator",
  "login",
  "geheim",
  "secret",
  "changeme",
  "default",
  "master",
  "dragon",
  "monkey",
  "football",
  "voetbal",
  "baseball",
  "sunshine",
  "princess",
  "superman",
  "batman",
  "starwars",
  "pokemon",
  "shadow",
  "michael",
  "jennifer",
  "thomas",
  "nicolas",
  "julien",
  "sophie",
  "soleil",
  "chocolat",
  "chocolate",
  "doudou",
  "loulou",
  "marseille",
  "belgique",
  "belgie",
  "belgium",
  "brussel",
  "bruxelles",
  "brussels",
  "antwerpen",
  "anvers",
  "gent",
  "gand",
  "liege",
  "luik",
  "leuven",
  "brugge",
  "vlaanderen",
  "wallonie",
  "fluvius",
  "sibelga",
  "engie",
  "luminus",
  "thuisenergie",
  "energie",
  "energy",
  "zonnepanelen",
  "summer",
  "zomer",
  "winter",
  "lente",
  "herfst",
  "hallo",
  "bonjour",
  "hello",
  "abc",
  "abcdef",
  "abcdefgh",
  "abcdefghij",
]);

/** Whole passwords from the top of the leaked lists (lower case), long enough to pass the length. */
const COMMON_PASSWORDS = new Set([
  "1234567890",
  "0987654321",
  "12345678910",
  "123456789a",
  "a123456789",
  "123456789q",
  "1234567890a",
  "1q2w3e4r5t",
  "1q2w3e4r5t6y",
  "q1w2e3r4t5",
  "1qaz2wsx3edc",
  "zaq12wsxcde3",
  "qwertyuiop",
  "azertyuiop",
  "asdfghjkl;",
  "asdfghjkl1",
  "zxcvbnm123",
  "qazwsxedc1",
  "qazwsxedcrfv",
  "1234qwer!@",
  "123qweasdzxc",
  "qweasdzxc1",
  "0123456789",
  "9876543210",
  "147258369a",
  "1357924680",
]);

function normalised(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/** The password without digits and signs at either end: "!Wachtwoord2024" → "wachtwoord". */
function core(password: string): string {
  return password.replace(/^[\d\W_]+|[\d\W_]+$/gu, "");
}

/** The first thing wrong with `password` for the account `email`, or `null` when it is fine. */
export function passwordProblem(password: string, email = ""): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return "tooShort";
  if (length > PASSWORD_MAX) return "tooLong";
  const plain = normalised(password);
  const address = normalised(email.trim());
  const name = address.split("@")[0];
  if (address && (plain === address || (name.length >= 3 && core(plain) === name))) {
    return "isEmail";
  }
  if (/^(.)\1*$/su.test(plain)) return "repeated";
  if (COMMON_PASSWORDS.has(plain) || COMMON_WORDS.has(core(plain))) return "common";
  // Two characters taking turns ("abababab…") is no better than one repeated.
  if (/^(.)(.)(\1\2)+\1?$/su.test(plain)) return "repeated";
  return null;
}

/** English wording for the server's answer; the app words the code in the user's language. */
export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, string> = {
  tooShort: `must have at least ${PASSWORD_MIN} characters`,
  tooLong: `must have at most ${PASSWORD_MAX} characters`,
  isEmail: "must not be your e-mail address",
  repeated: "must not be one character repeated",
  common: "is one of the passwords tried first by anyone guessing; choose another",
};
