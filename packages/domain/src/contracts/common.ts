import { z } from 'zod';

export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const idParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** Page sizes are capped so nobody can ask the server for a million rows at once. */
export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export const okBody = z.object({ ok: z.literal(true) });

/** Strings typed by people: trimmed, non-empty when required. */
export const text = (max: number) => z.string().trim().max(max);
export const requiredText = (max: number) => z.string().trim().min(1, '不能为空').max(max);

/**
 * Warnings for the author about personal data typed into free text (phones, e-mails, ID numbers), saved anyway and
 * masked wherever the text is public (decision 0018). Added to the answer of a save with free text.
 */
export const personalDataNote = {
  warnings: z.array(z.string()).optional().describe('自由文本中含有的个人信息提示（已保存，公开时隐藏）'),
};

/**
 * A file answer (.xlsx, .docx): the bytes as they are (a Buffer is sent without JSON serialisation), named in the
 * OpenAPI document as a binary string rather than "anything".
 */
/** A text file answer (.csv): sent as it is under its own content type, named in the OpenAPI document as a string. */
export const textFileOut = (what: string) => z.string().meta({ description: what });

export const fileOut = (what: string) =>
  z
    .custom<Uint8Array<ArrayBufferLike>>((v) => v instanceof Uint8Array)
    .meta({ type: 'string', format: 'binary', description: what });
