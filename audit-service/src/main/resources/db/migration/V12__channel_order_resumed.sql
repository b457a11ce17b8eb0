-- Issue 21, ordered channels: an operator's resume of an ordered channel (POST /v1/channels/{name}/ordering/resume) is
-- a version of its own, action ORDER_RESUMED, that sets orderResumedAt in the definition.
ALTER TABLE audit.channel_version DROP CONSTRAINT channel_version_action_check;
ALTER TABLE audit.channel_version ADD CONSTRAINT channel_version_action_check
    CHECK (action IN ('SEEDED', 'CREATED', 'UPDATED', 'DISABLED', 'ENABLED', 'DELETED', 'SECRET_ADDED',
                      'SECRET_RETIRED', 'ORDER_RESUMED'));
