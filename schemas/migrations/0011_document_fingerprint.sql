-- The pipeline fingerprint (Pipeline.Core.Fingerprints.PipelineFingerprint) of what produced each document's chunks:
-- extractor version, chunking options, quality rules, text transforms. A sync reprocesses a document whose
-- fingerprint differs from its job's current one even when the source version is unchanged.
-- NULL: indexed before fingerprints existed. It is computed in code, so it cannot be backfilled here; such a document
-- counts as matching (reprocessing every index on upgrade would re-extract everything) and the first sync of its
-- source stamps it with the job's fingerprint of that moment.
ALTER TABLE pipeline.documents ADD COLUMN fingerprint text;
