-- Recent departures from each waiting list (true: the patient gave up, false: a provider took them), for the
-- give-up share of the wait estimate the dashboard evaluates at read time.
ALTER TABLE queue_board ADD COLUMN recent_departures BOOLEAN[] NOT NULL DEFAULT '{}';
