-- Quality findings: every rule a document or chunk broke in a run, rejections (the item was quarantined or
-- dropped) and warnings (kept, counted) alike. The run's summary carries the counts; these rows are the detail.
CREATE TABLE pipeline.quality_findings (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id        bigint      NOT NULL REFERENCES pipeline.runs (id) ON DELETE CASCADE,
    source        text        NOT NULL,
    external_id   text        NOT NULL,
    -- The chunk's ordinal as chunked (before rejected chunks were dropped and the rest renumbered); null for a document rule.
    chunk_ordinal integer,
    rule          text        NOT NULL,
    severity      text        NOT NULL CHECK (severity IN ('reject', 'warn')),
    message       text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX quality_findings_run ON pipeline.quality_findings (run_id);

-- "Why was this document quarantined / what is wrong with it", newest first.
CREATE INDEX quality_findings_document ON pipeline.quality_findings (source, external_id, created_at DESC);
