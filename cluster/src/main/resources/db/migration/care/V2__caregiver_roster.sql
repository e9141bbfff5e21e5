-- The caregiver roster read model: one row per caregiver and one per license, kept by the roster projection.
CREATE TABLE caregiver_roster (
  tenant VARCHAR(64) NOT NULL,
  caregiver_id VARCHAR(128) NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  email VARCHAR(320) NOT NULL,
  roles VARCHAR(200) NOT NULL,
  availability VARCHAR(16) NOT NULL,
  invited_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant, caregiver_id)
);

CREATE TABLE caregiver_license (
  tenant VARCHAR(64) NOT NULL,
  caregiver_id VARCHAR(128) NOT NULL,
  state CHAR(2) NOT NULL,
  license_number VARCHAR(64) NOT NULL,
  expires DATE NOT NULL,
  status VARCHAR(16) NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant, caregiver_id, state)
);
