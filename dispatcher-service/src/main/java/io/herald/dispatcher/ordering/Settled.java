package io.herald.dispatcher.ordering;

/** What came of a try, for its channel's order. */
public enum Settled {
    /** Delivered, or gone on to a fallback channel of its route: the next one may go. */
    THROUGH,
    /** Dead-lettered: the next one may go, unless the channel stops on a dead letter. */
    DEAD,
    /** Back later (a retry, a park, a wait): it keeps its place. */
    AGAIN
}
