-- Work-queue counts of a unit (承办工作台 badges) read the unit's own open orders: by the unit that
-- handles or leads them and their state. Partial on the states a unit works in, so a new order
-- (待派单) and the closed history are not in them and creating an order does not pay for them; with
-- the id in the key, the count's UNION of handled, led and assisted orders reads the index alone.
CREATE INDEX orders_unit_handling_state_idx ON orders (handling_unit_id, state, id)
  WHERE state IN ('dispatched', 'handling', 'return_requested', 'unit_review', 'centre_review', 'visit_pending');
CREATE INDEX orders_unit_lead_state_idx ON orders (lead_unit_id, state, id)
  WHERE state IN ('dispatched', 'handling', 'return_requested', 'unit_review', 'centre_review', 'visit_pending');
