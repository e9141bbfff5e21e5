-- Read models of the caregiver dashboard, kept by the visit-board and queue-board projections.

-- One row per visit, as the caregiver list shows it. seq is the visit's last applied sequence number: a read
-- carrying a consistency token waits until it has caught up.
CREATE TABLE visit_board (
  tenant VARCHAR(64) NOT NULL,
  visit_id UUID NOT NULL,
  state CHAR(2) NOT NULL,
  status VARCHAR(16) NOT NULL,
  priority SMALLINT NOT NULL,
  patient_id VARCHAR(256) NOT NULL,
  patient_name VARCHAR(200) NOT NULL,
  reason VARCHAR(500) NOT NULL,
  requested_at TIMESTAMPTZ NOT NULL,
  provider_id VARCHAR(128),
  assigned_at TIMESTAMPTZ,
  started_at TIMESTAMPTZ,
  ended_at TIMESTAMPTZ,
  unread_messages INT NOT NULL DEFAULT 0,
  seq BIGINT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant, visit_id)
);

-- The dashboard reads the active visits of a few states in dispatch order; finished visits stay out of it.
CREATE INDEX visit_board_active ON visit_board (tenant, state, priority DESC, requested_at, visit_id)
  WHERE status IN ('WAITING', 'ASSIGNED', 'IN_PROGRESS');

-- One row per queue: what the dashboard needs to evaluate hours, throttle and estimate at read time.
CREATE TABLE queue_board (
  tenant VARCHAR(64) NOT NULL,
  state CHAR(2) NOT NULL,
  settings JSONB NOT NULL,
  override VARCHAR(8) NOT NULL DEFAULT 'NONE',
  busy_message TEXT,
  busy_by VARCHAR(128),
  busy_since TIMESTAMPTZ,
  recent_admissions TIMESTAMPTZ[] NOT NULL DEFAULT '{}',
  recent_visit_seconds INT[] NOT NULL DEFAULT '{}',
  seq BIGINT NOT NULL DEFAULT 0,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant, state)
);

-- Providers serving each queue, for the providers-available share.
CREATE TABLE queue_provider (
  tenant VARCHAR(64) NOT NULL,
  state CHAR(2) NOT NULL,
  caregiver_id VARCHAR(128) NOT NULL,
  states_served INT NOT NULL,
  available BOOLEAN NOT NULL,
  practice_until TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant, state, caregiver_id)
);
