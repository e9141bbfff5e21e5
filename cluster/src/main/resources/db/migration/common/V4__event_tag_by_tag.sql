-- eventsByTag reads "events of tag T after ordering O, in ordering order". The primary key (event_id, tag) cannot
-- serve that, so a lagging projection made PostgreSQL scan and sort the whole tag table on every poll. With this
-- index the query walks one tag's events in order and stops at the batch limit.
CREATE INDEX event_tag_tag_event_id ON event_tag (tag, event_id);
