-- Sensitive values found at ingest (issue 15). Never the value: the detector, where it was, what the job did with
-- it, and a keyed hash of the value (HMAC-SHA-256 under the installation's redaction key, truncated), so that the
-- same credential found again can be counted without being stored.
CREATE TABLE pipeline.redaction_findings (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id        bigint      NOT NULL REFERENCES pipeline.runs (id) ON DELETE CASCADE,
    job_name      text        NOT NULL,
    source        text        NOT NULL,
    external_id   text        NOT NULL,
    -- The chunk the value fell in; null for titles, metadata and documents that were not chunked (quarantined).
    chunk_ordinal integer,
    location      text        NOT NULL CHECK (location IN ('title', 'body', 'metadata')),
    detector      text        NOT NULL,
    action        text        NOT NULL CHECK (action IN ('flag', 'mask', 'drop-chunk', 'quarantine-document')),
    value_hash    text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX redaction_findings_job ON pipeline.redaction_findings (job_name, created_at DESC);
CREATE INDEX redaction_findings_value ON pipeline.redaction_findings (job_name, value_hash);

-- The key value hashes are made with, when PIPELINE_REDACTION_KEY does not provide one: made once, at random, by
-- the first process that needs it, and shared by every process writing this index, so recurrences match.
CREATE TABLE pipeline.redaction_key (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    key        bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
