-- Health figures of each sync run (drift, OCR share, quality-reject rate, lag, canary recall), each with the
-- threshold it was judged against and whether it crossed it. One row per (run, figure): dashboards, /metrics
-- and alerts read the newest run's rows; older rows are the history a rolling baseline and a trend need.
CREATE TABLE pipeline.run_figures (
    run_id    bigint           NOT NULL REFERENCES pipeline.runs (id) ON DELETE CASCADE,
    job_name  text             NOT NULL,
    source    text             NOT NULL,
    name      text             NOT NULL,
    -- Null when there was nothing to measure (first load: no baseline; no pages; no canaries).
    value     double precision,
    -- Null for a figure recorded but not judged (sample sizes, lag).
    threshold double precision,
    crossed   boolean          NOT NULL DEFAULT false,
    PRIMARY KEY (run_id, name)
);

CREATE INDEX run_figures_job ON pipeline.run_figures (job_name, run_id DESC);

-- Golden-query canaries run after each sync: did the query retrieve the expected document in its top k?
CREATE TABLE pipeline.canary_results (
    run_id   bigint  NOT NULL REFERENCES pipeline.runs (id) ON DELETE CASCADE,
    job_name text    NOT NULL,
    query    text    NOT NULL,
    expect   text    NOT NULL,
    k        integer NOT NULL,
    -- 1-based rank of the expected document among the distinct documents retrieved; null when not in the top k.
    rank     integer,
    top_document text,
    PRIMARY KEY (run_id, query, expect)
);
