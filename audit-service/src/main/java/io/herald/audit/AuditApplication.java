package io.herald.audit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * herald-audit: records every lifecycle event of every notification (herald.accepted, herald.rejected, herald.attempts,
 * herald.dead-letters) in PostgreSQL and answers the notification timeline over HTTP. It writes no Kafka topic yet;
 * dead-letter replay into herald.accepted comes later.
 */
@SpringBootApplication
public class AuditApplication {
    public static void main(String[] args) {
        SpringApplication.run(AuditApplication.class, args);
    }
}
