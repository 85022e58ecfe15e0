-- The request that created a contact. IdentifyUCSContact with createContactEnabled creates at
-- most one contact per request, also when its record is delivered twice.
ALTER TABLE contact ADD COLUMN created_by_reference_id BIGINT;
CREATE UNIQUE INDEX contact_created_by_reference_id ON contact (contact_center, created_by_reference_id);
