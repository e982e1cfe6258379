-- Webhook re-ingestions waiting in Hangfire, one row per (job, item): a storm of deliveries for one issue queues one
-- re-read, not one per delivery. The re-read deletes its row as it starts, so a delivery arriving while it runs
-- queues the next one, and every item is read again after its last delivery. A row older than the claim timeout is
-- taken over (its job was lost before it reached Hangfire).
CREATE TABLE pipeline.pending_reingestions (
    job_name     text        NOT NULL,
    item         text        NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_name, item)
);
