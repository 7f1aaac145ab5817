-- The currency of every amount the sync stores (docs/SALESFORCE.md, "Currencies"). One row, rewritten by each sync:
-- the org's currency (Organization.DefaultCurrencyIsoCode, or the corporate CurrencyType in a multi-currency org),
-- whether the org has multiple currencies, and the conversion rates against that currency (CurrencyType, by ISO
-- code; empty in a single-currency org). Before the first sync that reads it there is no row: amounts show no code.
CREATE TABLE sf_org_currency (
  id smallint PRIMARY KEY CHECK (id = 1),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  multi_currency boolean NOT NULL,
  rates jsonb NOT NULL DEFAULT '{}',
  read_at timestamptz NOT NULL DEFAULT now()
);

-- In a multi-currency org each record carries its own currency: amounts are kept as Salesforce has them and
-- converted to the org's currency where they are read together (null in a single-currency org: the org's currency).
ALTER TABLE sf_accounts ADD COLUMN currency_iso_code text;
ALTER TABLE sf_opportunities ADD COLUMN currency_iso_code text;
