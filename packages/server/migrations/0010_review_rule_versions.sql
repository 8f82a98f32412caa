-- Review rules are edited by several centre reviewers: each edit names the version it started from,
-- and an edit of a version someone else has since replaced is refused (409) instead of overwriting it.
ALTER TABLE review_rules ADD COLUMN version integer NOT NULL DEFAULT 1;
