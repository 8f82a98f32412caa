/**
 * Normalisation and masking of citizens' text, before anything is segmented or stored in a model.
 *
 * Personal numbers (mobile and landline phones, ID-card numbers, e-mail addresses) and any other
 * run of 6 or more digits are replaced by one private-use character each, so that no model, feature
 * list or explanation can ever hold them, while the fact "a phone number was here" survives as a
 * feature of its own.
 */

/** Placeholders for masked spans: single private-use characters, which jieba keeps as one token. */
export const MASK = {
  phone: '\uE000',
  id: '\uE001',
  number: '\uE002',
  email: '\uE003',
} as const;

export type MaskKind = keyof typeof MASK;

/** The readable name of a placeholder, for feature names and explanations. */
export const MASK_NAME: Readonly<Record<string, string>> = {
  [MASK.phone]: '<电话>',
  [MASK.id]: '<证件号>',
  [MASK.number]: '<数字>',
  [MASK.email]: '<邮箱>',
};

// Invisible characters that creep into pasted text (zero-width spaces and joiners, BOM, soft hyphen).
const INVISIBLE = /[\u00AD\u200B-\u200F\u2060\uFEFF]/g;
// Private-use characters in the input would pose as masks: drop them before masking.
const PRIVATE_USE = /[\uE000-\uF8FF]/g;
const WHITESPACE = /\s+/g;

/**
 * Full-width → half-width (and other compatibility forms) by NFKC, Latin letters lower-cased,
 * invisible characters removed, every run of whitespace (including the ideographic space) turned
 * into one space, and the ends trimmed.
 */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(PRIVATE_USE, '')
    .toLowerCase()
    .replace(WHITESPACE, ' ')
    .trim();
}

// Patterns run on normalised text (ASCII digits, lower-case x), in this order; the digit
// look-arounds keep them from matching inside a longer number.
const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/g;
// 18-digit (last may be x) and old 15-digit resident ID numbers, optionally split by spaces.
const ID_CARD =
  /(?<![0-9])(?:[1-9][0-9]{5}[ -]?(?:19|20)[0-9]{2}[ -]?[0-9]{4}[ -]?[0-9]{3}[0-9x]|[1-9][0-9]{14})(?![0-9x])/g;
// Mobile numbers (+86 optional; 3-4-4 with spaces or dashes allowed) and landlines with an area code.
const MOBILE = /(?:\+?86[ -]?)?(?<![0-9])1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])/g;
const LANDLINE = /(?<![0-9])(?:\(0[0-9]{2,3}\)|0[0-9]{2,3})[ -]?[0-9]{7,8}(?![0-9])/g;
// Anything else of 6+ digits: local phone numbers without area code, account and order numbers.
const LONG_DIGITS = /[0-9]{6,}/g;

/** Replaces personal numbers in normalised text with the {@link MASK} placeholders. */
export function mask(normalised: string): string {
  return normalised
    .replace(EMAIL, MASK.email)
    .replace(ID_CARD, MASK.id)
    .replace(MOBILE, MASK.phone)
    .replace(LANDLINE, MASK.phone)
    .replace(LONG_DIGITS, MASK.number);
}

/** What every text goes through first: {@link normalise}, then {@link mask}. */
export function cleanText(text: string): string {
  return mask(normalise(text));
}
