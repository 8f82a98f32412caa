-- Photos uploaded from the citizens' portal have no account behind them: they are claimed by an
-- unguessable token (stored hashed) when the request is submitted, never by their sequential id.
ALTER TABLE attachments ADD COLUMN upload_token_hash text;
CREATE UNIQUE INDEX attachments_upload_token_idx ON attachments (upload_token_hash) WHERE upload_token_hash IS NOT NULL;
