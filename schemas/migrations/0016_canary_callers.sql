-- Canaries ask as a caller (issue 14): the same question may be asked as a member and as an outsider, so a result is
-- keyed by the canary's place in the job's list, not by its question. caller describes who asked, without an address
-- in full: "anonymous", "principals group:ops", or "as a…@example.com".
ALTER TABLE pipeline.canary_results ADD COLUMN ordinal integer;
ALTER TABLE pipeline.canary_results ADD COLUMN caller text NOT NULL DEFAULT 'anonymous';

UPDATE pipeline.canary_results c SET ordinal = n.ordinal
FROM (SELECT run_id, query, expect, row_number() OVER (PARTITION BY run_id ORDER BY query, expect) - 1 AS ordinal
      FROM pipeline.canary_results) n
WHERE n.run_id = c.run_id AND n.query = c.query AND n.expect = c.expect;

ALTER TABLE pipeline.canary_results ALTER COLUMN ordinal SET NOT NULL;
ALTER TABLE pipeline.canary_results DROP CONSTRAINT canary_results_pkey;
ALTER TABLE pipeline.canary_results ADD PRIMARY KEY (run_id, ordinal);
