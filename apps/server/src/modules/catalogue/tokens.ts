import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

// jieba splits job and skill terms the way people search for them (数控 / 车工 / 工业 / 机器人), unlike
// Intl.Segmenter; loading its dictionary takes ~0.2 s, so it happens once, on first use.
let jieba: Jieba | null = null;
const get = () => (jieba ??= Jieba.withDict(dict));

/** Search tokens of a text (search-mode cut: also the sub-words of long words), without punctuation. */
export function tokens(text: string): string[] {
  if (!text) return [];
  return [
    ...new Set(
      get()
        .cutForSearch(text, false)
        .map((t) => t.trim())
        .filter((t) => t && /[\p{L}\p{N}]/u.test(t)),
    ),
  ];
}

/** What is stored for searching: the tokens, then the raw text (so substring search still finds everything). */
export function searchText(parts: string[]): string {
  const raw = parts.filter(Boolean).join(' ');
  return `${tokens(raw).join(' ')} | ${raw}`.toLowerCase();
}
