-- Onboarding: a caregiver's own phone and whether they completed their profile (INVITED, ACTIVE).
ALTER TABLE caregiver_roster ADD COLUMN phone VARCHAR(32) NOT NULL DEFAULT '';
ALTER TABLE caregiver_roster ADD COLUMN status VARCHAR(16) NOT NULL DEFAULT 'INVITED';
