-- Import drafts hold up to 10 MB of text. Compressing it (pglz) held the embedded PGlite, which runs on the
-- app's own thread, for ~2.4 s per 10 MB draft stored and ~0.5 s read back; stored uncompressed (still out of
-- line, in TOAST) it takes ~1.1 s and ~0.1 s (issue 15). Drafts live a day at most, so the space is short-lived.
ALTER TABLE "indicator_import_drafts" ALTER COLUMN "content" SET STORAGE EXTERNAL;
