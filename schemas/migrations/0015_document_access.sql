-- Who may read each document (issue 14). access is a JSON array of clauses, each an array of principals
-- (Pipeline.Core.Access.DocumentAccess): a caller reads the document when it holds one principal of every clause.
-- NULL: indexed before access was captured; served to nobody until the next sync of its source reads it again (the
-- content is unchanged, so nothing is re-embedded). '[]', or a clause with no principal: hidden from everyone.
ALTER TABLE pipeline.documents ADD COLUMN access jsonb;

-- When a sync found the service account had lost access to the item (403, or Browse lost): the document is hidden
-- (access '[]') and purged once access.graceDays have passed, or restored, without re-embedding, if access returns.
ALTER TABLE pipeline.documents ADD COLUMN access_lost_at timestamptz;

CREATE INDEX documents_access_lost ON pipeline.documents (source, access_lost_at) WHERE access_lost_at IS NOT NULL;

-- Group memberships as each Atlassian source's site has them, refreshed by the permission sync: an identity given as
-- an e-mail address resolves to its accounts and their groups through these rows.
CREATE TABLE pipeline.principal_members (
    source          text NOT NULL,
    group_principal text NOT NULL,
    member          text NOT NULL,
    PRIMARY KEY (source, group_principal, member)
);

CREATE INDEX principal_members_member ON pipeline.principal_members (member);

-- Accounts by e-mail address, where the site exposes it. Only a SHA-256 of the lower-cased address is kept: enough to
-- find the account of the address a caller names, without a table of everyone's e-mail in the index database.
CREATE TABLE pipeline.principal_accounts (
    source     text NOT NULL,
    principal  text NOT NULL,
    email_hash text NOT NULL,
    PRIMARY KEY (source, principal)
);

CREATE INDEX principal_accounts_email ON pipeline.principal_accounts (email_hash);

-- A permission sync is a run of its own: it refreshes access without reading or embedding content.
ALTER TABLE pipeline.runs DROP CONSTRAINT IF EXISTS runs_kind_check;
ALTER TABLE pipeline.runs ADD CONSTRAINT runs_kind_check CHECK (kind IN ('sync', 'document', 'permissions'));
