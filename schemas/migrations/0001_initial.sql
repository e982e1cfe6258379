-- Core ingestion schema: documents, their chunks with vectors, sync state and runs.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE pipeline.documents (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source            text        NOT NULL,
    external_id       text        NOT NULL,
    title             text        NOT NULL DEFAULT '',
    source_version    text,
    source_updated_at timestamptz,
    content_hash      text,
    status            text        NOT NULL CHECK (status IN ('indexed', 'failed')),
    failure_reason    text,
    failure_message   text,
    pages             integer     NOT NULL DEFAULT 0,
    metadata          jsonb       NOT NULL DEFAULT '{}',
    first_seen_at     timestamptz NOT NULL DEFAULT now(),
    indexed_at        timestamptz,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    last_run_id       bigint,
    UNIQUE (source, external_id)
);

CREATE TABLE pipeline.chunks (
    -- Deterministic: derived from source, external id, ordinal and content hash, so re-runs overwrite instead of duplicating.
    id           text    PRIMARY KEY,
    document_id  bigint  NOT NULL REFERENCES pipeline.documents (id) ON DELETE CASCADE,
    ordinal      integer NOT NULL,
    text         text    NOT NULL,
    token_count  integer NOT NULL,
    content_hash text    NOT NULL,
    heading_path text[]  NOT NULL DEFAULT '{}',
    page_start   integer NOT NULL,
    page_end     integer NOT NULL,
    embedding    vector(384) NOT NULL,
    model_id     text    NOT NULL,
    model_sha256 text    NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (document_id, ordinal)
);

-- Vector reuse looks chunks up by what they embed and which model embedded them.
CREATE INDEX chunks_content_hash_model ON pipeline.chunks (content_hash, model_sha256);

CREATE INDEX chunks_embedding_hnsw ON pipeline.chunks USING hnsw (embedding vector_cosine_ops);

CREATE TABLE pipeline.sync_state (
    job_name                 text PRIMARY KEY,
    source                   text NOT NULL,
    watermark                timestamptz,
    cursor                   text,
    last_full_reconciliation timestamptz,
    updated_at               timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pipeline.runs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_name    text        NOT NULL,
    source      text        NOT NULL,
    trigger     text        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    summary     jsonb,
    error       text
);

CREATE INDEX runs_job_started ON pipeline.runs (job_name, started_at DESC);

CREATE TABLE pipeline.run_failures (
    run_id      bigint NOT NULL REFERENCES pipeline.runs (id) ON DELETE CASCADE,
    external_id text   NOT NULL,
    reason      text   NOT NULL,
    message     text   NOT NULL,
    PRIMARY KEY (run_id, external_id)
);
