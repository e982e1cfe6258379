-- Lexical retrieval by BM25 (issue 12, item 2). PostgreSQL has no BM25 of its own and ts_rank_cd has no inverse
-- document frequency (it lost to dense on the development set), so the statistics BM25 needs live in tables beside the
-- chunks, written by triggers on pipeline.chunks: every path that writes or deletes chunks (a document swap, a
-- quarantine, a deleted document's cascade, verify --repair) keeps them right in its own transaction, and every server
-- sharing the database sees the same index.
--
--   pipeline.chunk_terms    per chunk and term: its frequency (the posting lists, read by term through the primary key)
--   pipeline.chunk_lengths  per chunk: its length in terms (BM25's document length)
--   pipeline.lexical_corpus chunks and total length (N and the average length), in a few counter rows
--
-- A term's document frequency is the length of its posting list, counted by the search from the postings it reads
-- anyway: a per-term counter table would be a row that every document write of every job updates for common words,
-- serialising concurrent syncs on it and risking deadlocks between them.

-- Tokens: runs of letters and digits, lower-cased. A code joined by "-", ".", "/" or "_" (CT-1, 1.504, www.nrc.gov) is a
-- token whole and each of its parts is one too, so "CT-1", "ct 1" and "CT" all find it. English stop words are dropped
-- (PostgreSQL's list, through a simple dictionary), nothing is stemmed (stemming lost on the development set), and
-- tokens over 100 characters are dropped (a run of base64 is no search term, and would not fit a btree entry).
-- PostgreSQL's own text search parser was not used: it reads "CT-1" as "ct" and the signed number "-1".
CREATE TEXT SEARCH DICTIONARY pipeline.lexical_words (TEMPLATE = pg_catalog.simple, STOPWORDS = english);

CREATE FUNCTION pipeline.lexical_tokens(body text) RETURNS TABLE (term text, tf integer)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    WITH words AS (
        SELECT m[1] AS word FROM regexp_matches(lower(body), '([[:alnum:]]+(?:[-./_][[:alnum:]]+)*)', 'g') m),
    tokens AS (
        SELECT word AS token FROM words
        UNION ALL
        SELECT part FROM words, regexp_split_to_table(word, '[-./_]') part WHERE word ~ '[-./_]')
    SELECT token, count(*)::integer FROM tokens
    WHERE length(token) <= 100 AND ts_lexize('pipeline.lexical_words'::regdictionary, token) <> '{}'
    GROUP BY token
    $$;

-- What a chunk is found by: what the model embeds (the heading prefix, when the job prepends it, and the text).
CREATE FUNCTION pipeline.lexical_text(prefix text, body text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce(prefix, '') || E'\n\n' || body;

CREATE TABLE pipeline.chunk_terms (
    term     text    NOT NULL,
    chunk_id text    NOT NULL REFERENCES pipeline.chunks (id) ON DELETE CASCADE ON UPDATE CASCADE,
    tf       integer NOT NULL CHECK (tf > 0),
    -- A search reads a term's postings with their frequencies from the index alone.
    PRIMARY KEY (term, chunk_id) INCLUDE (tf)
);

-- Deleting a chunk cascades here.
CREATE INDEX chunk_terms_chunk ON pipeline.chunk_terms (chunk_id);

CREATE TABLE pipeline.chunk_lengths (
    chunk_id text    PRIMARY KEY REFERENCES pipeline.chunks (id) ON DELETE CASCADE ON UPDATE CASCADE,
    length   integer NOT NULL CHECK (length >= 0)
);

-- Sums over these rows are N and the total length. Each transaction adds to the row of its backend (pid modulo 16), so
-- concurrent document writes rarely wait on one another's counter until commit.
CREATE TABLE pipeline.lexical_corpus (
    slot       smallint PRIMARY KEY,
    chunks     bigint   NOT NULL,
    length_sum bigint   NOT NULL
);

-- Tokenised once per chunk: the terms and the length come from the same rows.
CREATE FUNCTION pipeline.chunk_terms_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH terms AS (
        SELECT a.id, t.term, t.tf
        FROM added a, pipeline.lexical_tokens(pipeline.lexical_text(a.embedding_prefix, a.text)) t),
    postings AS (
        INSERT INTO pipeline.chunk_terms (term, chunk_id, tf) SELECT term, id, tf FROM terms)
    INSERT INTO pipeline.chunk_lengths (chunk_id, length)
    SELECT a.id, coalesce(sum(t.tf), 0) FROM added a LEFT JOIN terms t ON t.id = a.id GROUP BY a.id;
    RETURN NULL;
END $$;

-- An upsert that rewrites a chunk's text or prefix re-indexes it; one that only moves its pages or heading path does not.
CREATE FUNCTION pipeline.chunk_terms_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM pipeline.chunk_terms WHERE chunk_id IN (
        SELECT n.id FROM before_rows o JOIN after_rows n ON n.id = o.id
        WHERE o.text IS DISTINCT FROM n.text OR o.embedding_prefix IS DISTINCT FROM n.embedding_prefix);
    DELETE FROM pipeline.chunk_lengths WHERE chunk_id IN (
        SELECT n.id FROM before_rows o JOIN after_rows n ON n.id = o.id
        WHERE o.text IS DISTINCT FROM n.text OR o.embedding_prefix IS DISTINCT FROM n.embedding_prefix);
    WITH changed AS (
        SELECT n.id, n.embedding_prefix, n.text FROM before_rows o JOIN after_rows n ON n.id = o.id
        WHERE o.text IS DISTINCT FROM n.text OR o.embedding_prefix IS DISTINCT FROM n.embedding_prefix),
    terms AS (
        SELECT c.id, t.term, t.tf
        FROM changed c, pipeline.lexical_tokens(pipeline.lexical_text(c.embedding_prefix, c.text)) t),
    postings AS (
        INSERT INTO pipeline.chunk_terms (term, chunk_id, tf) SELECT term, id, tf FROM terms)
    INSERT INTO pipeline.chunk_lengths (chunk_id, length)
    SELECT c.id, coalesce(sum(t.tf), 0) FROM changed c LEFT JOIN terms t ON t.id = c.id GROUP BY c.id;
    RETURN NULL;
END $$;

CREATE FUNCTION pipeline.lexical_corpus_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pipeline.lexical_corpus AS l (slot, chunks, length_sum)
    SELECT pg_backend_pid() % 16, count(*), coalesce(sum(length), 0) FROM added HAVING count(*) > 0
    ON CONFLICT (slot) DO UPDATE SET chunks = l.chunks + excluded.chunks, length_sum = l.length_sum + excluded.length_sum;
    RETURN NULL;
END $$;

CREATE FUNCTION pipeline.lexical_corpus_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pipeline.lexical_corpus AS l (slot, chunks, length_sum)
    SELECT pg_backend_pid() % 16, -count(*), -coalesce(sum(length), 0) FROM removed HAVING count(*) > 0
    ON CONFLICT (slot) DO UPDATE SET chunks = l.chunks + excluded.chunks, length_sum = l.length_sum + excluded.length_sum;
    RETURN NULL;
END $$;

CREATE TRIGGER chunks_lexical_insert AFTER INSERT ON pipeline.chunks
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION pipeline.chunk_terms_added();
CREATE TRIGGER chunks_lexical_update AFTER UPDATE ON pipeline.chunks
    REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline.chunk_terms_changed();
CREATE TRIGGER chunk_lengths_corpus_insert AFTER INSERT ON pipeline.chunk_lengths
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION pipeline.lexical_corpus_added();
CREATE TRIGGER chunk_lengths_corpus_delete AFTER DELETE ON pipeline.chunk_lengths
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION pipeline.lexical_corpus_removed();

-- Chunks stored before this migration (the triggers count them into the corpus).
WITH terms AS (
    SELECT c.id, t.term, t.tf
    FROM pipeline.chunks c, pipeline.lexical_tokens(pipeline.lexical_text(c.embedding_prefix, c.text)) t),
postings AS (
    INSERT INTO pipeline.chunk_terms (term, chunk_id, tf) SELECT term, id, tf FROM terms)
INSERT INTO pipeline.chunk_lengths (chunk_id, length)
SELECT c.id, coalesce(sum(t.tf), 0) FROM pipeline.chunks c LEFT JOIN terms t ON t.id = c.id GROUP BY c.id;
