-- Chunks the model failed on alone, after retries: kept for replay. One row per (document, chunk content);
-- the chunk text itself stays in the source, payload_ref only points at it.
CREATE TABLE pipeline.dead_letters (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_name      text        NOT NULL,
    source        text        NOT NULL,
    external_id   text        NOT NULL,
    chunk_ordinal integer     NOT NULL,
    content_hash  text        NOT NULL,
    stage         text        NOT NULL DEFAULT 'embed' CHECK (stage IN ('embed')),
    error         text        NOT NULL,
    -- Runs (sync or replay) that gave up on this chunk.
    attempts      integer     NOT NULL DEFAULT 1,
    first_seen    timestamptz NOT NULL DEFAULT now(),
    last_seen     timestamptz NOT NULL DEFAULT now(),
    run_id        bigint      NOT NULL,
    payload_ref   text        NOT NULL,
    UNIQUE (source, external_id, content_hash)
);
