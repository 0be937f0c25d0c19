-- Merges found without a click (GitHub): a pull request closed without merging blocks its subtask,
-- and the webhook remembers the deliveries it handled.

-- PR_CLOSED: the subtask's pull request was closed on GitHub without being merged; the user must act.
ALTER TABLE subtasks DROP CONSTRAINT subtasks_blocked_reason_check;
ALTER TABLE subtasks ADD CONSTRAINT subtasks_blocked_reason_check CHECK (
    (status = 'BLOCKED' AND blocked_reason IN ('DEPENDENCY', 'FAILURE', 'FOLLOW_UP_LIMIT', 'PR_CLOSED'))
    OR (status <> 'BLOCKED' AND blocked_reason IS NULL));

-- Why a BLOCKED subtask is blocked, in words, where the reason alone does not say it (PR_CLOSED: which
-- pull request was closed, and where). NULL otherwise.
ALTER TABLE subtasks ADD COLUMN blocked_detail VARCHAR(1000);

-- Webhook deliveries already handled, by GitHub's delivery id (X-GitHub-Delivery, which a redelivery
-- keeps) and by the SHA-256 of the body (the id is not signed; the body is): a repeat of either does
-- nothing. Rows older than a week are pruned; GitHub redelivers only the last three days.
CREATE TABLE github_webhook_deliveries (
    delivery_id  VARCHAR(100) PRIMARY KEY,
    body_sha256  CHAR(64) NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT github_webhook_deliveries_body_unique UNIQUE (body_sha256)
);
CREATE INDEX github_webhook_deliveries_received ON github_webhook_deliveries (received_at);
