-- When the service first loaded each job file from jobs/. A job that has never synced successfully is judged
-- against its freshness SLA from this moment, so a job added and then forgotten (never run, or always failing)
-- turns unhealthy instead of publishing nothing. The first time is kept: reloading jobs/ does not reset it.
CREATE TABLE pipeline.jobs_registered (
    job_name      text        PRIMARY KEY,
    registered_at timestamptz NOT NULL DEFAULT now()
);
