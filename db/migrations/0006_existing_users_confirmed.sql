-- Accounts that existed before addresses were confirmed count as confirmed (issue 11).
UPDATE "users" SET "email_verified_at" = "created_at" WHERE "email_verified_at" IS NULL;
