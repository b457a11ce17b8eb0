package io.herald.contract.channel;

import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code channels} health component (readiness): UP once the service has caught up with {@code herald.channels},
 * with the counts and the last change; OUT_OF_SERVICE while it catches up at start; DOWN when start gave up waiting
 * (the service runs on the seed file's channels alone). Once caught up, a broker outage is shown but keeps it UP: the
 * channels known stay in use.
 */
final class ChannelsHealth implements HealthIndicator {

    private final ChannelDirectory directory;

    ChannelsHealth(ChannelDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Health health() {
        if (!(directory instanceof LiveChannels live)) {
            return Health.up()
                    .withDetail("source", "the seed file alone (herald.live-channels.follow=false)")
                    .withDetail("channels", directory.channels().size())
                    .build();
        }
        LiveChannels.Status status = live.status();
        Health.Builder health;
        if (status.caughtUp()) {
            health = Health.up();
        } else if (status.startGaveUp()) {
            health = Health.down()
                    .withDetail(
                            "reason",
                            "not caught up with " + status.topic() + " since start (" + seconds(status.startedAt())
                                    + " s): serving the seed file's channels alone");
        } else {
            health = Health.status(Status.OUT_OF_SERVICE).withDetail("reason", "catching up with " + status.topic());
        }
        health.withDetail("topic", status.topic()).withDetails(status.counts());
        if (status.lastChange() != null) {
            health.withDetail("lastChange", status.lastChange());
        }
        if (status.problem() != null) {
            health.withDetail("problem", status.problem())
                    .withDetail("problemSince", status.problemSince().toString());
        }
        return health.build();
    }

    private static long seconds(Instant since) {
        return since == null ? 0 : Duration.between(since, Instant.now()).toSeconds();
    }
}
