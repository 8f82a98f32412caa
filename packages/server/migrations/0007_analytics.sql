-- Analytics (领导驾驶舱, 考核): a daily roll-up of counters per dimension, kept exactly and
-- incrementally from the order timeline. See docs/architecture.md "Analytics" and docs/measures.md.

-- Every committed timeline row is queued here by a statement trigger; the roll-up job consumes the
-- queue in the same transaction as it adds the event's counters, so each event counts exactly once.
CREATE TABLE analytics_pending (
  event_id bigint PRIMARY KEY
);

CREATE FUNCTION analytics_queue_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_pending (event_id) SELECT id FROM new_events;
  RETURN NULL;
END;
$$;
CREATE TRIGGER order_events_analytics_queue AFTER INSERT ON order_events
  REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_queue_events();

-- Counters per China-Standard-Time day and dimension: dim 'all' (key ''), 'unit' (lead unit id),
-- 'category' (category id), 'region' (region unit id), 'type' (request type), 'channel'.
-- A closed order also adds to due_closed/due_closed_late on the day of its handling deadline.
CREATE TABLE analytics_daily (
  dim text NOT NULL CHECK (dim IN ('all', 'unit', 'category', 'region', 'type', 'channel')),
  day date NOT NULL,
  key text NOT NULL,
  received integer NOT NULL DEFAULT 0,
  direct_answered integer NOT NULL DEFAULT 0,
  dispatched integer NOT NULL DEFAULT 0,
  signed integer NOT NULL DEFAULT 0,
  signed_in_time integer NOT NULL DEFAULT 0,
  returned integer NOT NULL DEFAULT 0,
  closed integer NOT NULL DEFAULT 0,
  closed_on_time integer NOT NULL DEFAULT 0,
  closed_redone integer NOT NULL DEFAULT 0,
  visited integer NOT NULL DEFAULT 0,
  satisfied integer NOT NULL DEFAULT 0,
  basically_satisfied integer NOT NULL DEFAULT 0,
  dissatisfied integer NOT NULL DEFAULT 0,
  resolved integer NOT NULL DEFAULT 0,
  due_closed integer NOT NULL DEFAULT 0,
  due_closed_late integer NOT NULL DEFAULT 0,
  PRIMARY KEY (dim, day, key)
);

-- Open orders by handling deadline: the live part of 办结率 and 超期数, and the overdue list.
CREATE INDEX orders_open_due_idx ON orders (handle_due_at)
  INCLUDE (lead_unit_id, category_id, region_unit_id, replied_at)
  WHERE state NOT IN ('closed', 'merged', 'withdrawn') AND handle_due_at IS NOT NULL;

-- Assessment settings (weights, card thresholds), edited by admins.
CREATE TABLE analytics_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_by integer REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
