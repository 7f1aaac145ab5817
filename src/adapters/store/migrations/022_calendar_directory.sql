-- Which contacts and people a manager's last calendar round was read against (a digest of the directory): a contact
-- added or changed in Salesforce since makes the next read a whole one, so an attendee who is now a contact counts.
ALTER TABLE calendar_reads ADD COLUMN directory text;
