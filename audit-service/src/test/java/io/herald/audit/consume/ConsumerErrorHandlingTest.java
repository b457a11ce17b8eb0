package io.herald.audit.consume;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;

class ConsumerErrorHandlingTest {

    @Test
    void databaseOutageIsRetriedUntilStored() {
        var down = new ListenerExecutionFailedException(
                "listener failed",
                new CannotCreateTransactionException("no connection", new CannotGetJdbcConnectionException("refused")));

        assertThat(ConsumerErrorHandling.databaseUnavailable(down)).isTrue();
        assertThat(ConsumerErrorHandling.databaseUnavailable(new QueryTimeoutException("slow")))
                .isTrue();
    }

    @Test
    void recordTheSchemaRefusesIsNotAnOutage() {
        var refused = new ListenerExecutionFailedException(
                "listener failed", new DataIntegrityViolationException("value too long"));

        assertThat(ConsumerErrorHandling.databaseUnavailable(refused)).isFalse();
        assertThat(ConsumerErrorHandling.databaseUnavailable(new IllegalStateException("bug")))
                .isFalse();
    }
}
