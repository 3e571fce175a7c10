-- Draft parts stored uncompressed, as drafts' content since 0017: compressing (pglz) held the embedded PGlite,
-- on the app's own thread, about twice as long per part stored (issue 15).
ALTER TABLE "indicator_import_draft_parts" ALTER COLUMN "content" SET STORAGE EXTERNAL;
