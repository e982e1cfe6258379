-- A run is a sync of a whole source, or the re-ingestion of one document (webhook, "sync this item").
ALTER TABLE pipeline.runs ADD COLUMN kind text NOT NULL DEFAULT 'sync' CHECK (kind IN ('sync', 'document'));
ALTER TABLE pipeline.runs ADD COLUMN mode text;
