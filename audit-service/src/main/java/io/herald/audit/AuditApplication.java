package io.herald.audit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * herald-audit: records every lifecycle event of every notification (herald.accepted, herald.rejected, herald.attempts,
 * herald.dead-letters) in PostgreSQL, answers timelines, searches and counts over an HTTP API with a web page (every
 * call needs a credential and sees only its tenants' notifications), and replays dead letters into herald.accepted (its
 * only Kafka write).
 */
@SpringBootApplication
public class AuditApplication {
    public static void main(String[] args) {
        SpringApplication.run(AuditApplication.class, args);
    }
}
