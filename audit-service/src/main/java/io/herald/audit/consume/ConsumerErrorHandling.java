package io.herald.audit.consume;

import io.herald.contract.kafka.KafkaErrorHandlers;
import io.herald.contract.kafka.MalformedRecords;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * What the audit listeners do when recording fails. Spring Kafka's default retries ten times without pause and then
 * skips the record, which would silently lose audit rows whenever PostgreSQL is down or restarting: here a database
 * outage retries the batch without limit, 1 s apart doubling to 30 s, holding its partitions until it is stored. A
 * record that can never be stored is reported and skipped by {@link AuditRecorder#recordBatch} before it gets here.
 */
@Configuration(proxyBeanMethods = false)
class ConsumerErrorHandling {

    @Bean
    CommonErrorHandler auditErrorHandler(MalformedRecords malformedRecords) {
        // a record the schema registry could not be asked about is retried from that record, not the whole batch
        return KafkaErrorHandlers.untilItWorks(UNTIL_STORED_INITIAL, UNTIL_STORED_MAX, malformedRecords);
    }

    static final Duration UNTIL_STORED_INITIAL = Duration.ofSeconds(1);
    static final Duration UNTIL_STORED_MAX = Duration.ofSeconds(30);

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
