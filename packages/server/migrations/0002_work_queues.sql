-- Work queues (派单台, 承办工作台, 审核台, 回访台) list the orders of one state by the deadline of
-- that stage, earliest first, paged by keyset on these indexes.
CREATE INDEX orders_dispatch_queue_idx ON orders (dispatch_due_at, id) WHERE state = 'pending_dispatch';
CREATE INDEX orders_sign_queue_idx ON orders (sign_due_at, id) WHERE state = 'dispatched';
CREATE INDEX orders_handle_queue_idx ON orders (handle_due_at, id) WHERE state IN ('handling', 'return_requested');
CREATE INDEX orders_waiting_queue_idx ON orders (state, updated_at, id)
  WHERE state IN ('unit_review', 'centre_review', 'visit_pending');
