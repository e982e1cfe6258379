-- Alert e-mails: what the operators were last told about each condition, so that a condition that keeps firing
-- sends one e-mail per cool-down and a recovery e-mail when it clears. One row per condition key ("quality:<job>").
CREATE TABLE pipeline.alert_state (
    key              text        PRIMARY KEY,
    kind             text        NOT NULL,
    job_name         text        NOT NULL,
    title            text        NOT NULL,
    -- Kept so that the recovery e-mail links the same runbook and page as the alert did.
    runbook          text        NOT NULL,
    dashboard_page   text        NOT NULL,
    -- What the last e-mail said: 'firing' or 'resolved'. A row exists only once an e-mail went out.
    notified_state   text        NOT NULL CHECK (notified_state IN ('firing', 'resolved')),
    last_notified_at timestamptz NOT NULL,
    -- When the condition started firing this time; null while it is clear.
    firing_since     timestamptz,
    notifications    integer     NOT NULL DEFAULT 1,
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- A condition source's memory between checks (e.g. a job's dead-letter count last time, to see it grow).
CREATE TABLE pipeline.alert_observations (
    key         text             PRIMARY KEY,
    value       double precision NOT NULL,
    observed_at timestamptz      NOT NULL
);
