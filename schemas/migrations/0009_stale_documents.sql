-- Indexed documents whose newer version the source could not serve (timeout, throttled, unavailable, unreachable):
-- their chunks stay searchable as the last good version until a later run reads the item. The row goes when a run
-- stores, touches or quarantines the document, and with the document itself.
CREATE TABLE pipeline.stale_documents (
    document_id     bigint      PRIMARY KEY REFERENCES pipeline.documents (id) ON DELETE CASCADE,
    reason          text        NOT NULL,
    message         text        NOT NULL,
    -- The first failed read of this spell; a success ends it.
    since           timestamptz NOT NULL DEFAULT now(),
    last_attempt_at timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 1,
    last_run_id     bigint      NOT NULL
);
