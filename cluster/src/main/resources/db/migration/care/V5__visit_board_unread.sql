-- Unread chat messages per visit for staff: the numbers of the patient's messages and the staff read marker,
-- so that unread_messages stays exact whatever order posts and reads come in.
ALTER TABLE visit_board ADD COLUMN patient_messages BIGINT[] NOT NULL DEFAULT '{}';
ALTER TABLE visit_board ADD COLUMN staff_read_up_to BIGINT NOT NULL DEFAULT 0;
