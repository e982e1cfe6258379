-- Webhook deliveries seen, by X-Atlassian-Webhook-Identifier: a redelivery is acknowledged and ignored.
CREATE TABLE pipeline.webhook_deliveries (
    delivery_id text PRIMARY KEY,
    job_name    text NOT NULL,
    item        text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX webhook_deliveries_received ON pipeline.webhook_deliveries (received_at);
