package io.herald.audit.consume;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * What the audit listeners do when recording a record fails. Spring Kafka's default retries ten times without pause and
 * then skips the record, which would silently lose audit rows whenever PostgreSQL is down or restarting.
 *
 * <ul>
 *   <li>The database is unreachable or the failure is transient (connection, timeout, deadlock): retry the record
 *       without limit, 1 s apart doubling to 30 s, holding its partition until the database takes it.
 *   <li>The record can never be stored (undecodable, refused by the schema): log it and move on.
 *   <li>Anything else: {@value #OTHER_RETRIES} more tries a second apart, then log it and move on.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class ConsumerErrorHandling {

    static final long OTHER_RETRIES = 2;

    @Bean
    CommonErrorHandler auditErrorHandler() {
        DefaultErrorHandler handler = new DefaultErrorHandler(new FixedBackOff(1_000, OTHER_RETRIES));
        handler.addNotRetryableExceptions(DataIntegrityViolationException.class);
        handler.setBackOffFunction((record, exception) -> databaseUnavailable(exception) ? untilStored() : null);
        return handler;
    }

    static BackOff untilStored() {
        ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        backOff.setMaxAttempts(Long.MAX_VALUE);
        return backOff;
    }

    /** True when the failure (or one of its causes; the container wraps it) says "try again later", not "never". */
    static boolean databaseUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof CannotCreateTransactionException) {
                return true;
            }
        }
        return false;
    }
}
