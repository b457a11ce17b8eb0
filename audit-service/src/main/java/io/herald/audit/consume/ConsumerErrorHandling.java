package io.herald.audit.consume;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What the audit listeners do when recording a record fails. Spring Kafka's default retries ten times without pause and
 * then skips the record, which would silently lose audit rows whenever PostgreSQL is down or restarting.
 *
 * <ul>
 *   <li>The database is unreachable or the failure is transient (connection, timeout, deadlock): retry the batch
 *       without limit, 1 s apart doubling to 30 s, holding its partitions until the database takes it.
 *   <li>A record can never be stored (undecodable, refused by the schema): {@link AuditRecorder#recordBatch} logs it and
 *       moves on, storing the rest of the batch.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class ConsumerErrorHandling {

    @Bean
    CommonErrorHandler auditErrorHandler() {
        // Batch listeners: the recorder already skips (and logs) what can never be stored, so what reaches this handler
        // is a database outage (or a bug): the whole batch is retried, its partitions held, until it is stored.
        return new DefaultErrorHandler(untilStored());
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
