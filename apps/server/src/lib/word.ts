/**
 * What every Word file of the platform shares: 宋体 body and 黑体 headings with Times New Roman for Latin text and
 * digits, and the zh-CN language on the text (w:lang w:val and w:eastAsia). Without the language tag LibreOffice and
 * WPS choose the East Asian fallback font by the system locale — a Japanese one on many machines, which draws some
 * Chinese characters in their Japanese forms.
 */
export const WORD_FONT = {
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman',
  eastAsia: '宋体',
  cs: 'Times New Roman',
};
export const WORD_HEADING_FONT = { ...WORD_FONT, eastAsia: '黑体' };
export const WORD_LANGUAGE = { value: 'zh-CN', eastAsia: 'zh-CN' };
/** The document default run style (styles.default.document.run). */
export const wordDefaults = (size = 24) => ({ document: { run: { font: WORD_FONT, size, language: WORD_LANGUAGE } } });
/** A4 in twips. */
export const A4_PAGE = { width: 11906, height: 16838 };
