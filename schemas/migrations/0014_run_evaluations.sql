-- Retrieval figures per run (issue 12, item 6): when a job names evaluation.questions, its question set is scored after
-- each successful sync through the active retriever, and the Drift page shows the newest run's figures. One row per
-- run; the figures are the reference scorer's, rounded as it rounds them.
CREATE TABLE pipeline.run_evaluations (
    run_id         bigint           NOT NULL PRIMARY KEY REFERENCES pipeline.runs (id) ON DELETE CASCADE,
    job_name       text             NOT NULL,
    questions_file text             NOT NULL,
    questions      integer          NOT NULL,
    k              integer          NOT NULL,
    -- How the retriever ranked (hybrid, dense, lexical) and the source's active model: what the figures judge.
    mode           text             NOT NULL,
    model          text             NOT NULL,
    recall_at_1    double precision NOT NULL,
    recall_at_5    double precision NOT NULL,
    mrr            double precision NOT NULL,
    hits           double precision NOT NULL,
    answerable     double precision NOT NULL,
    evaluated_at   timestamptz      NOT NULL DEFAULT now()
);

-- The Drift page reads the newest row per job.
CREATE INDEX run_evaluations_job ON pipeline.run_evaluations (job_name, run_id DESC);
