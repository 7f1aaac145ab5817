-- The evidence beside the account manager's stage assessment: a joint plan in place, measures shared with the client.
ALTER TABLE monthly_returns ADD COLUMN joint_plan boolean NOT NULL DEFAULT false;
ALTER TABLE monthly_returns ADD COLUMN shared_measures boolean NOT NULL DEFAULT false;
