// Tashkeel (U+064B..U+065F), superscript alef (U+0670) and tatweel (U+0640) carry no meaning
// for search, so they are dropped; hamza-carrying alefs, alef maqsura and ta marbuta are folded
// the way people type them on phones ("الاعلام" must find "الإعلام").
const DIACRITICS = /[\u064B-\u065F\u0670\u0640]/g;

/** Folds Arabic (and lower-cases Latin) text into the form used for search. */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFC")
    .replace(DIACRITICS, "")
    .replace(/[\u0623\u0625\u0622\u0671]/g, "\u0627")
    .replace(/\u0649/g, "\u064A")
    .replace(/\u0629/g, "\u0647")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}
