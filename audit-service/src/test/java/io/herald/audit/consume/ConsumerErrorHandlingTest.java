package io.herald.audit.consume;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOffExecution;
import org.junit.jupiter.api.Test;

class ConsumerErrorHandlingTest {

    @Test
    void databaseOutageIsRetriedUntilStored() {
        var down = new ListenerExecutionFailedException("listener failed",
                new CannotCreateTransactionException("no connection", new CannotGetJdbcConnectionException("refused")));

        assertThat(ConsumerErrorHandling.databaseUnavailable(down)).isTrue();
        assertThat(ConsumerErrorHandling.databaseUnavailable(new QueryTimeoutException("slow"))).isTrue();
    }

    @Test
    void recordTheSchemaRefusesIsNotAnOutage() {
        var refused = new ListenerExecutionFailedException("listener failed",
                new DataIntegrityViolationException("value too long"));

        assertThat(ConsumerErrorHandling.databaseUnavailable(refused)).isFalse();
        assertThat(ConsumerErrorHandling.databaseUnavailable(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void outageBackOffNeverGivesUpAndCapsAtThirtySeconds() {
        BackOffExecution execution = ConsumerErrorHandling.untilStored().start();
        long last = 0;
        for (int i = 0; i < 1_000; i++) {
            last = execution.nextBackOff();
            assertThat(last).isNotEqualTo(BackOffExecution.STOP);
        }
        assertThat(last).isEqualTo(30_000);
    }
}
