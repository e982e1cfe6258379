-- Vectors per (chunk, model) instead of one vector column on the chunk (issue 11, item 3). A chunk is the text; each
-- model that embedded it has one row in pipeline.chunk_vectors, a table partitioned by model: one partition per model,
-- each with its own dimension check and its own HNSW index, created by the service when a model is first used
-- (Pipeline.Storage.Models.ModelPartitions). A source's active model is explicit (pipeline.source_models): queries,
-- canaries, drift and verify use it, vectors of other models wait beside it (a build, or the old model after a switch).

CREATE TABLE pipeline.embedding_models (
    -- The name recorded with every vector, e.g. sentence-transformers/all-MiniLM-L6-v2.
    model      text        PRIMARY KEY,
    sha256     text        NOT NULL,
    dimensions integer     NOT NULL CHECK (dimensions BETWEEN 1 AND 16000),
    -- The partition of pipeline.chunk_vectors holding its vectors (schema pipeline).
    partition  text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pipeline.chunk_vectors (
    chunk_id     text        NOT NULL REFERENCES pipeline.chunks (id) ON DELETE CASCADE ON UPDATE CASCADE,
    model        text        NOT NULL REFERENCES pipeline.embedding_models (model),
    model_sha256 text        NOT NULL,
    -- Untyped here so dimensions may differ between models; each partition checks its own, and its HNSW index is on
    -- (embedding::vector(n)), the expression every search orders by.
    embedding    vector      NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model, chunk_id)
) PARTITION BY LIST (model);

-- Deleting a chunk cascades into every partition.
CREATE INDEX chunk_vectors_chunk ON pipeline.chunk_vectors (chunk_id);

-- The model a source's queries, canaries and drift use. Written at the source's first sync (the job's
-- embedding.model) and by `models activate`, never implicitly afterwards.
CREATE TABLE pipeline.source_models (
    source       text        PRIMARY KEY,
    model        text        NOT NULL REFERENCES pipeline.embedding_models (model),
    activated_at timestamptz NOT NULL DEFAULT now()
);

-- Background re-embeddings of a job's stored chunks with another model (`models build`). While one is 'building',
-- syncs of its source write vectors of both models.
CREATE TABLE pipeline.model_builds (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_name          text        NOT NULL,
    source            text        NOT NULL,
    model             text        NOT NULL REFERENCES pipeline.embedding_models (model),
    status            text        NOT NULL CHECK (status IN ('building', 'built', 'failed', 'cancelled')),
    chunks_total      bigint      NOT NULL DEFAULT 0,
    chunks_done       bigint      NOT NULL DEFAULT 0,
    tokens_total      bigint      NOT NULL DEFAULT 0,
    estimated_seconds double precision,
    requested_at      timestamptz NOT NULL DEFAULT now(),
    started_at        timestamptz,
    finished_at       timestamptz,
    background_job    text,
    error             text
);

CREATE UNIQUE INDEX model_builds_one_open ON pipeline.model_builds (source, model) WHERE status = 'building';

-- Existing vectors move to their model's partition; each source's active model is the one most of its chunks have.
DO $$
DECLARE
    m record;
    part text;
BEGIN
    FOR m IN SELECT model_id, min(model_sha256) AS sha, max(vector_dims(embedding)) AS dims FROM pipeline.chunks GROUP BY model_id ORDER BY model_id
    LOOP
        part := 'vectors_' || left(trim(both '_' from regexp_replace(lower(m.model_id), '[^a-z0-9]+', '_', 'g')), 40) || '_' || left(md5(m.model_id), 8);
        INSERT INTO pipeline.embedding_models (model, sha256, dimensions, partition) VALUES (m.model_id, m.sha, m.dims, part);
        EXECUTE format('CREATE TABLE pipeline.%I PARTITION OF pipeline.chunk_vectors FOR VALUES IN (%L)', part, m.model_id);
        EXECUTE format('ALTER TABLE pipeline.%I ADD CONSTRAINT %I CHECK (vector_dims(embedding) = %s)', part, part || '_dims', m.dims);
        INSERT INTO pipeline.chunk_vectors (chunk_id, model, model_sha256, embedding, created_at)
        SELECT id, model_id, model_sha256, embedding, created_at FROM pipeline.chunks WHERE model_id = m.model_id;
        EXECUTE format('CREATE INDEX %I ON pipeline.%I USING hnsw ((embedding::vector(%s)) vector_cosine_ops)', part || '_hnsw', part, m.dims);
    END LOOP;
END $$;

INSERT INTO pipeline.source_models (source, model)
SELECT DISTINCT ON (d.source) d.source, c.model_id
FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id
GROUP BY d.source, c.model_id
ORDER BY d.source, count(*) DESC, c.model_id;

DROP INDEX pipeline.chunks_embedding_hnsw;
DROP INDEX pipeline.chunks_content_hash_model;
ALTER TABLE pipeline.chunks DROP COLUMN embedding, DROP COLUMN model_id, DROP COLUMN model_sha256;

-- What the model embeds is the text, with the heading path before it when the job prepends it: stored, so `models
-- build` embeds a chunk with another model from the index alone. NULL: written before 0012 (the build recovers the
-- prefix from the heading path and the content hash, which is the hash of the embedded text).
ALTER TABLE pipeline.chunks ADD COLUMN embedding_prefix text;

-- Vector reuse looks chunks up by what they embed, then joins the model's partition.
CREATE INDEX chunks_content_hash ON pipeline.chunks (content_hash);
