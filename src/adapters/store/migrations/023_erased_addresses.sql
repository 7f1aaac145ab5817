-- Addresses of people who asked to be erased and are no Salesforce contact (an attendee at a client's domain named on
-- a calendar meeting, docs/ADMIN.md section 11): kept only as a SHA-256 digest of the lower-case address, so that a
-- later calendar read does not store the address again. The address itself is held nowhere.
CREATE TABLE erased_addresses (
  address_hash text PRIMARY KEY,
  erased_at    timestamptz NOT NULL
);
