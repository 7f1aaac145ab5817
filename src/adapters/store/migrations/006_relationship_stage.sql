-- The account manager's own assessment of the relationship stage (1 transactional .. 5 strategic partnership).
ALTER TABLE monthly_returns ADD COLUMN stage smallint CHECK (stage BETWEEN 1 AND 5);
