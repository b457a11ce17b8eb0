package io.herald.dispatcher;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * herald-dispatcher: reads signed requests from {@code herald.signed.<provider>}, sends them to the
 * provider, and writes every attempt to {@code herald.attempts}, retries to {@code herald.retry.<tier>}
 * and give-ups to {@code herald.dead-letters}.
 */
@SpringBootApplication
public class DispatcherApplication {
    public static void main(String[] args) {
        SpringApplication.run(DispatcherApplication.class, args);
    }
}
