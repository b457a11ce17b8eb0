package io.herald.audit.channels;

/** What made a version of a channel: the history's {@code action}. */
enum ChannelAction {
    /** imported from the seed file (a new channel, a changed entry of it, or back in it) */
    SEEDED,
    CREATED,
    UPDATED,
    DISABLED,
    ENABLED,
    /** through the API, or by the seed import for a seed channel no longer in the file */
    DELETED,
    SECRET_ADDED,
    SECRET_RETIRED,
    /** an operator resumed an ordered channel: a stop after a dead letter made before it is over */
    ORDER_RESUMED
}
