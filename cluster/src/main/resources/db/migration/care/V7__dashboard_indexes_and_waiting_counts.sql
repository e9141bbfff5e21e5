-- The dashboard lists the head of each watched queue and every visit being seen, and counts the rest.

-- Waiting visits of one state in dispatch order: the dashboard walks the first few entries per state and stops.
CREATE INDEX visit_board_waiting ON visit_board (tenant, state, priority DESC, requested_at, visit_id)
  WHERE status = 'WAITING';

-- Visits taken by a provider, always listed: few per state, so the state is enough.
CREATE INDEX visit_board_taken ON visit_board (tenant, state) WHERE status IN ('ASSIGNED', 'IN_PROGRESS');

-- The two above serve every read the active-visit index served, at less cost per write.
DROP INDEX visit_board_active;

-- Waiting visits per queue, kept by the visit-board projection in the same transaction as visit_board, so the
-- dashboard and the queue-length gauge read a number instead of counting rows. Its own table, not a column of
-- queue_board, because another projection writes queue_board: one writer per table, no lock waits between them.
-- Rebuilding visit_board means truncating this table with it.
CREATE TABLE queue_waiting (
  tenant VARCHAR(64) NOT NULL,
  state CHAR(2) NOT NULL,
  waiting INT NOT NULL,
  PRIMARY KEY (tenant, state)
);

INSERT INTO queue_waiting (tenant, state, waiting)
SELECT tenant, state, count(*) FROM visit_board WHERE status = 'WAITING' GROUP BY tenant, state;
