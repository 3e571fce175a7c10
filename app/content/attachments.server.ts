/**
 * Attachments follow their content: whoever may read the initiative may
 * download its files, and only its editors upload or remove them. Type is
 * decided by the bytes, never by the name; a file is stored before its row is
 * written and removed again if the row cannot be.
 */
import { recordAudit } from '#db/queries/audit.server.ts';
import { deleteAttachment, findAttachment, insertAttachment, type ContentType } from '#db/queries/content.server.ts';
import type { Attachment } from '#db/schema/index.server.ts';
import { MAX_ATTACHMENT_BYTES, validateUpload, type DetectedType } from '../attachments/sniff.ts';
import { attachmentResponseHeaders } from '../attachments/storage.server.ts';
import type { RequestContext } from '../context.server.ts';
import { assertCleanForm, assertFormContentType } from '../http/form.server.ts';
import { assertAllowed, badRequest, notFound } from '../http/guards.server.ts';
import { fieldError, type FieldErrors } from '../forms/validation.ts';

interface Target {
  contentType: ContentType;
  contentId: string;
  canAttach: boolean;
}

const REASON_KEYS = {
  empty: 'error.file.empty',
  'too-large': 'error.file.tooLarge',
  'unsupported-type': 'error.file.unsupported',
  'name-mismatch': 'error.file.mismatch',
} as const;

export async function uploadAttachment(ctx: RequestContext, target: Target, userId: string, request: Request): Promise<{ ok: true; attachment: Attachment } | { ok: false; status: number; errors: FieldErrors }> {
  assertAllowed(target.canAttach);
  assertFormContentType(request, { multipartOnly: true });
  const file = await readUploadedFile(request);
  if (file === 'too-large') return { ok: false, status: 413, errors: { file: fieldError('error.file.tooLarge') } };
  if (!file || file.name === '') return { ok: false, status: 400, errors: { file: fieldError('error.file.missing') } };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const checked = validateUpload({ filename: file.name, bytes });
  if (!checked.ok) return { ok: false, status: checked.reason === 'too-large' ? 413 : 415, errors: { file: fieldError(REASON_KEYS[checked.reason]) } };

  const { db, uploads } = ctx.services;
  const saved = await uploads.save(bytes);
  try {
    const attachment = await db.transaction(async (tx) => {
      const row = await insertAttachment(tx, {
        contentType: target.contentType,
        contentId: target.contentId,
        filename: checked.safeFilename,
        mediaType: checked.type.mediaType,
        kind: checked.type.kind,
        size: saved.size,
        sha256: saved.sha256,
        storageKey: saved.storageKey,
        uploadedBy: userId,
      });
      await recordAudit(tx, { actorUserId: userId, action: 'attachment.upload', targetType: target.contentType, targetId: target.contentId, ip: ctx.ip, details: { attachmentId: row.id, filename: row.filename } });
      return row;
    });
    return { ok: true, attachment };
  } catch (error) {
    await uploads.remove(saved.storageKey);
    throw error;
  }
}

// Room for the multipart framing around the one file.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/**
 * The form's `file`, read with the platform's multipart parser. (Remix's
 * parser refuses a quoted filename with `;` or `=` in it, which is what
 * browsers send for `budget; 2024.pdf`.) The body is read up to the size limit
 * and no further; null when there is no file, a 400 when the body does not parse.
 */
async function readUploadedFile(request: Request): Promise<File | null | 'too-large'> {
  const limit = MAX_ATTACHMENT_BYTES + 1 + MULTIPART_OVERHEAD_BYTES;
  if (Number(request.headers.get('content-length') ?? 0) > limit) return 'too-large';
  if (!request.body) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return 'too-large';
    }
    chunks.push(value);
  }
  let form: FormData;
  try {
    form = await new Response(Buffer.concat(chunks), { headers: { 'Content-Type': request.headers.get('content-type') ?? '' } }).formData();
  } catch {
    badRequest('the form body could not be read');
  }
  assertCleanForm(form);
  const value = form.get('file');
  return value instanceof File ? value : null;
}

/** Finds an attachment of this content item, or answers 404 (also for one that belongs elsewhere). */
export async function findContentAttachment(ctx: RequestContext, target: { contentType: ContentType; contentId: string }, id: string): Promise<Attachment> {
  const isUuid = /^[0-9a-f-]{36}$/i.test(id);
  const row = isUuid ? await findAttachment(ctx.services.db, id) : undefined;
  if (!row || row.contentType !== target.contentType || row.contentId !== target.contentId) notFound();
  return row;
}

export async function attachmentResponse(ctx: RequestContext, row: Attachment): Promise<Response> {
  const bytes = await ctx.services.uploads.read(row.storageKey);
  const type: DetectedType = { kind: row.kind as DetectedType['kind'], mediaType: row.mediaType, extension: row.filename.split('.').pop() ?? '' };
  return new Response(new Uint8Array(bytes), { headers: attachmentResponseHeaders(type, row.filename, row.size) });
}

export async function removeAttachment(ctx: RequestContext, target: Target, userId: string, row: Attachment): Promise<void> {
  assertAllowed(target.canAttach);
  await ctx.services.db.transaction(async (tx) => {
    await deleteAttachment(tx, row.id);
    await recordAudit(tx, { actorUserId: userId, action: 'attachment.remove', targetType: target.contentType, targetId: target.contentId, ip: ctx.ip, details: { attachmentId: row.id } });
  });
  // The bytes go after the row: a crash in between leaves an orphan file, never a row without its file.
  await ctx.services.uploads.remove(row.storageKey);
}
