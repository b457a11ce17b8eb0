package io.herald.audit.ordering;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param follow false: {@code herald.ordering} is not followed, and {@code GET /v1/ordering} knows no state (tests
 *     without a broker)
 */
@ConfigurationProperties("herald.audit.ordering")
record OrderingProperties(@DefaultValue("true") boolean follow) {}
